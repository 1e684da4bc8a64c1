package org.jbuildkit.daemon.ops;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.solver.ResultStore;
import org.jbuildkit.daemon.worker.metadata.CacheKeyResult;
import org.jbuildkit.daemon.worker.metadata.CacheRecord;
import org.jbuildkit.daemon.worker.metadata.MetadataStore;
import org.jbuildkit.daemon.worker.metadata.RecordId;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.registry.image.Digest;

/**
 * Cache keys to results in the metadata store, so a build after a daemon restart is still cached:
 * each output becomes a cache record holding its snapshot, linked to the key and output index.
 */
public final class RecordedResults implements ResultStore {
    /** More outputs than any op has; lookups stop at the first missing index anyway. */
    private static final int MAX_OUTPUTS = 64;

    private final MetadataStore store;
    private final Clock clock;

    public RecordedResults(MetadataStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Optional<List<String>> lookup(String cacheKey) {
        Digest key = Digest.parse(cacheKey);
        List<String> ids = store.read(tx -> {
            List<String> found = new ArrayList<>();
            for (int output = 0; output < MAX_OUTPUTS; output++) {
                List<CacheKeyResult> results = tx.cacheKeys().results(key, output);
                if (results.isEmpty()) {
                    break;
                }
                found.add(results.get(0).recordId().value());
            }
            return found;
        });
        return ids.isEmpty() ? Optional.empty() : Optional.of(ids);
    }

    @Override
    public void record(String cacheKey, List<ResultRef> results) {
        Digest key = Digest.parse(cacheKey);
        store.transaction(tx -> {
            for (int output = 0; output < results.size(); output++) {
                SnapshotResult result = (SnapshotResult) results.get(output);
                RecordId id = RecordId.newId();
                tx.cacheRecords().insert(CacheRecord.builder(id, result.type())
                        .snapshotId(result.snapshot().value()).description(result.description()).build());
                tx.cacheKeys().add(new CacheKeyResult(key, output, id, clock.instant()));
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
}
