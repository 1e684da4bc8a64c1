package org.jbuildkit.daemon.ops;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jbuildkit.daemon.solver.ResultHold;
import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.solver.ResultStore;
import org.jbuildkit.daemon.worker.metadata.CacheKeyResult;
import org.jbuildkit.daemon.worker.metadata.CacheRecord;
import org.jbuildkit.daemon.worker.metadata.MetadataException;
import org.jbuildkit.daemon.worker.metadata.MetadataStore;
import org.jbuildkit.daemon.worker.metadata.RecordId;
import org.jbuildkit.daemon.worker.metadata.Tx;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.registry.image.Digest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cache keys to results in the metadata store, so a build after a daemon restart is still cached:
 * each output becomes a cache record holding its snapshot, linked to the key and output index.
 * Builds hold what they use through leases, which GC respects.
 */
public final class RecordedResults implements ResultStore {
    private static final Logger LOG = LoggerFactory.getLogger(RecordedResults.class);
    /** More outputs than any op has; lookups stop at the first missing index anyway. */
    private static final int MAX_OUTPUTS = 64;

    private final MetadataStore store;
    private final Clock clock;

    public RecordedResults(MetadataStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The store for a daemon that just started: leases of an earlier process belong to builds long gone. */
    public static RecordedResults startingFresh(MetadataStore store, Clock clock) {
        store.transaction(tx -> tx.leases().removeAll());
        return new RecordedResults(store, clock);
    }

    @Override
    public Optional<List<String>> lookup(String cacheKey) {
        Digest key = Digest.parse(cacheKey);
        List<RecordId> ids = store.read(tx -> find(tx, key));
        return ids.isEmpty() ? Optional.empty() : Optional.of(ids.stream().map(RecordId::value).toList());
    }

    /** A miss stays a cheap read; a hit is looked up again and leased in one write, so GC cannot come between. */
    @Override
    public Optional<List<String>> lookup(String cacheKey, ResultHold hold) {
        Optional<List<String>> seen = lookup(cacheKey);
        if (hold.holdsNothing() || seen.isEmpty()) {
            return seen;
        }
        Digest key = Digest.parse(cacheKey);
        List<RecordId> ids;
        try {
            ids = store.transaction(tx -> {
                List<RecordId> found = find(tx, key);
                for (RecordId id : found) {
                    tx.leases().acquire(hold.id(), id);
                }
                return found;
            });
        } catch (MetadataException e) {
            // A full disk refuses the lease, not the read: the cached result still serves, unprotected.
            LOG.warn("using cache key {} without holding its result: {}", cacheKey, e.getMessage());
            return seen;
        }
        return ids.isEmpty() ? Optional.empty() : Optional.of(ids.stream().map(RecordId::value).toList());
    }

    private static List<RecordId> find(Tx tx, Digest key) throws SQLException {
        List<RecordId> found = new ArrayList<>();
        for (int output = 0; output < MAX_OUTPUTS; output++) {
            List<CacheKeyResult> results = tx.cacheKeys().results(key, output);
            if (results.isEmpty()) {
                break;
            }
            found.add(results.get(0).recordId());
        }
        return found;
    }

    @Override
    public void record(String cacheKey, List<ResultRef> results) {
        record(cacheKey, results, List.of());
    }

    /** A new record counts as used once, now: the build that made it used it (as upstream counts a released ref). */
    @Override
    public void record(String cacheKey, List<ResultRef> results, List<ResultHold> holds) {
        Digest key = Digest.parse(cacheKey);
        Instant now = clock.instant();
        store.transaction(tx -> {
            for (int output = 0; output < results.size(); output++) {
                SnapshotResult result = (SnapshotResult) results.get(output);
                RecordId id = RecordId.newId();
                tx.cacheRecords().insert(CacheRecord.builder(id, result.type())
                        .snapshotId(result.snapshot().value()).description(result.description())
                        .createdAt(now).lastUsed(now, 1).build());
                tx.cacheKeys().add(new CacheKeyResult(key, output, id, now));
                for (ResultHold hold : holds) {
                    if (!hold.holdsNothing()) {
                        tx.leases().acquire(hold.id(), id);
                    }
                }
            }
            return null;
        });
    }

    @Override
    public ResultRef load(String resultId) {
        RecordId id = new RecordId(resultId);
        CacheRecord record = store.transaction(tx -> {
            CacheRecord found = tx.cacheRecords().get(id).orElseThrow(() -> new IllegalStateException(
                    "cache record " + resultId + " is gone (pruned while a build was looking it up?)"));
            tx.cacheRecords().markUsed(id, clock.instant());
            return found;
        });
        if (record.snapshotId() == null) {
            throw new IllegalStateException("cache record " + resultId + " holds no snapshot");
        }
        return new SnapshotResult(new SnapshotId(record.snapshotId()));
    }

    @Override
    public ResultHold hold(String build) {
        return new ResultHold(store.transaction(tx -> tx.leases().create(build, clock.instant())).id());
    }

    @Override
    public void release(ResultHold hold) {
        if (!hold.holdsNothing()) {
            store.transaction(tx -> tx.leases().remove(hold.id()));
        }
    }
}
