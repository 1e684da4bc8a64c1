package org.jbuildkit.daemon.cache;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jbuildkit.api.control.UsageRecord;
import org.jbuildkit.daemon.worker.metadata.CacheKeyResult;
import org.jbuildkit.daemon.worker.metadata.MetadataStore;
import org.jbuildkit.daemon.worker.metadata.RecordFilter;
import org.jbuildkit.daemon.worker.metadata.UsageRow;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The build cache as {@code du} and {@code prune} see it: the metadata store's records, sized from
 * their snapshots on first look, and pruned leaf first (a snapshot another one builds on stays
 * until its children are gone).
 */
public final class RecordedBuildCache implements BuildCache {
    private static final Logger LOG = LoggerFactory.getLogger(RecordedBuildCache.class);

    private final MetadataStore store;
    private final Snapshotter snapshotter;
    private final Clock clock;

    public RecordedBuildCache(MetadataStore store, Snapshotter snapshotter, Clock clock) {
        this.store = store;
        this.snapshotter = snapshotter;
        this.clock = clock;
    }

    @Override
    public List<UsageRecord> usage(RecordFilter filter) {
        List<UsageRecord> out = new ArrayList<>();
        for (UsageRow row : store.read(tx -> tx.usage().matching(filter))) {
            out.add(sized(row).toUsageRecord());
        }
        return out;
    }

    @Override
    public void prune(PruneOptions options, Consumer<UsageRecord> removed) {
        Instant usedBefore = options.keepDuration().isZero() ? clock.instant().plusSeconds(1)
                : clock.instant().minus(options.keepDuration());
        boolean progress = true;
        while (progress) {
            progress = false;
            List<UsageRow> candidates = store.read(tx -> tx.usage().pruneCandidates(options.filter(), options.all(),
                    usedBefore));
            for (UsageRow row : candidates) {
                UsageRecord record = sized(row).toUsageRecord();
                if (!remove(row)) {
                    continue;
                }
                removed.accept(record);
                progress = true;
            }
        }
    }

    /** Removes one record, its keys and its snapshot; false when the snapshot still has children. */
    private boolean remove(UsageRow row) {
        String snapshot = store.read(tx -> tx.cacheRecords().get(row.id()).map(r -> r.snapshotId()).orElse(null));
        boolean shared = snapshot != null && store.read(tx -> tx.cacheRecords().bySnapshot(snapshot).size()) > 1;
        if (snapshot != null && !shared) {
            try {
                snapshotter.remove(new SnapshotId(snapshot));
            } catch (IOException e) {
                LOG.debug("keeping record {}: snapshot {} cannot go yet ({})", row.id(), snapshot, e.getMessage());
                return false;
            }
        }
        store.transaction(tx -> {
            for (CacheKeyResult key : tx.cacheKeys().byRecord(row.id())) {
                tx.cacheKeys().remove(key.key());
            }
            tx.cacheRecords().delete(row.id());
            return null;
        });
        return true;
    }

    private UsageRow sized(UsageRow row) {
        if (row.size() != null) {
            return row;
        }
        String snapshot = store.read(tx -> tx.cacheRecords().get(row.id()).map(r -> r.snapshotId()).orElse(null));
        if (snapshot == null) {
            return row;
        }
        try {
            long size = snapshotter.usage(new SnapshotId(snapshot)).size();
            store.transaction(tx -> tx.cacheRecords().setSize(row.id(), size));
            return new UsageRow(row.id(), row.mutable(), row.inUse(), size, row.parents(), row.createdAt(),
                    row.lastUsedAt(), row.usageCount(), row.description(), row.type(), row.shared(), row.hasChildren());
        } catch (IOException e) {
            return row;
        }
    }
}
