package org.jbuildkit.daemon.cache;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jbuildkit.api.control.UsageRecord;
import org.jbuildkit.daemon.config.DiskStat;
import org.jbuildkit.daemon.worker.metadata.CacheRecord;
import org.jbuildkit.daemon.worker.metadata.MetadataStore;
import org.jbuildkit.daemon.worker.metadata.RecordFilter;
import org.jbuildkit.daemon.worker.metadata.UsageRow;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;
import org.jbuildkit.daemon.worker.snapshot.Usage;

/**
 * The build cache as {@code du} and {@code prune} see it: the metadata store's records, sized from
 * their snapshots (or a cache mount's directory) on first look, and pruned leaf first (a snapshot
 * another one builds on stays until its children are gone). Records a build holds are never
 * pruned. Prunes take turns, as upstream's: a manual {@code buildctl prune} and garbage collection
 * never run at once.
 */
public final class RecordedBuildCache implements BuildCache {
    private final MetadataStore store;
    private final Snapshotter snapshotter;
    private final Clock clock;
    private final Supplier<DiskStat> disk;
    private final RecordRemover remover;
    private final Object pruning = new Object();

    /** {@code disk} measures the file system under the cache, for {@code minFreeSpace}. */
    public RecordedBuildCache(MetadataStore store, Snapshotter snapshotter, Clock clock, Supplier<DiskStat> disk) {
        this.store = store;
        this.snapshotter = snapshotter;
        this.clock = clock;
        this.disk = disk;
        this.remover = new RecordRemover(store, snapshotter);
    }

    @Override
    public List<UsageRecord> usage(RecordFilter filter) {
        List<UsageRecord> out = new ArrayList<>();
        for (UsageRow row : store.read(tx -> tx.usage().matching(filter))) {
            out.add(sized(row).toUsageRecord());
        }
        return out;
    }

    /**
     * Upstream's prune: without space limits every record the filters select (and the keep duration
     * allows) goes; with them, least recently used records go one by one until the cache is within
     * the target {@link SpaceTarget} computes. (Upstream stops only below it, so a cache exactly at
     * its limit, or a disk that meets {@code minFreeSpace}, still loses one record there.)
     */
    @Override
    public void prune(PruneOptions options, Consumer<UsageRecord> removed) {
        synchronized (pruning) {
            remover.finishInterrupted();
            Instant usedBefore = options.keepDuration().isZero() ? clock.instant().plusSeconds(1)
                    : clock.instant().minus(options.keepDuration());
            boolean limited = options.reservedSpace() != 0 || options.maxUsedSpace() != 0
                    || options.minFreeSpace() != 0;
            long total = limited ? sizedTotal() : 0;
            long free = options.minFreeSpace() != 0 ? disk.get().free() : 0;
            long keep = SpaceTarget.keepBytes(total, free, options.reservedSpace(), options.maxUsedSpace(),
                    options.minFreeSpace());
            boolean progress = true;
            while (progress) {
                progress = false;
                List<UsageRow> candidates = store.read(tx -> tx.usage().pruneCandidates(options.filter(),
                        options.all(), usedBefore));
                for (UsageRow row : candidates) {
                    if (keep != 0 && total <= keep) {
                        return;
                    }
                    UsageRecord record = sized(row).toUsageRecord();
                    if (remover.remove(row.id())) {
                        removed.accept(record);
                        total -= row.shared() ? 0 : record.getSize();
                        progress = true;
                    }
                }
            }
        }
    }

    /** Bytes of all unshared records, sizing those not measured yet. */
    private long sizedTotal() {
        for (UsageRow row : store.read(tx -> tx.usage().all())) {
            sized(row);
        }
        return store.read(tx -> tx.usage().totalSize());
    }

    /** The row with its size, measured now (and kept on the record) if unknown: its snapshot's or directory's. */
    private UsageRow sized(UsageRow row) {
        if (row.size() != null) {
            return row;
        }
        Optional<CacheRecord> record = store.read(tx -> tx.cacheRecords().get(row.id()));
        if (record.isEmpty() || record.get().snapshotId() == null && record.get().directory() == null) {
            return row;
        }
        try {
            String snapshot = record.get().snapshotId();
            long size = snapshot != null ? snapshotter.usage(new SnapshotId(snapshot)).size()
                    : Usage.of(record.get().directory()).size();
            store.transaction(tx -> tx.cacheRecords().setSize(row.id(), size));
            return new UsageRow(row.id(), row.mutable(), row.inUse(), size, row.parents(), row.createdAt(),
                    row.lastUsedAt(), row.usageCount(), row.description(), row.type(), row.shared(), row.hasChildren());
        } catch (IOException e) {
            return row;
        }
    }
}
