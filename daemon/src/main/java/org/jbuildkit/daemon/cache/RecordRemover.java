package org.jbuildkit.daemon.cache;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.jbuildkit.daemon.worker.metadata.MetadataStore;
import org.jbuildkit.daemon.worker.metadata.RecordId;
import org.jbuildkit.daemon.worker.snapshot.SnapshotException;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes one cache record in upstream's two phases: marked deleted (hidden from lookups) in the
 * same transaction that checks nothing holds it, then its snapshot goes unless another record
 * shares it, then the record and its keys. A crash in between leaves a marked record, finished by
 * {@link #finishInterrupted}.
 */
final class RecordRemover {
    private static final Logger LOG = LoggerFactory.getLogger(RecordRemover.class);

    private final MetadataStore store;
    private final Snapshotter snapshotter;

    RecordRemover(MetadataStore store, Snapshotter snapshotter) {
        this.store = store;
        this.snapshotter = snapshotter;
    }

    /**
     * Removes the record; false when it is in use, has children, or its snapshot still carries other
     * snapshots (then the record stays as it was).
     */
    boolean remove(RecordId id) {
        Optional<Optional<String>> marked = store.transaction(tx -> {
            if (!tx.usage().removable(id)) {
                return Optional.empty();
            }
            Optional<String> snapshot = tx.cacheRecords().snapshotOf(id);
            tx.cacheRecords().markDeleted(id);
            return Optional.of(snapshot);
        });
        if (marked.isEmpty()) {
            return false;
        }
        Optional<String> snapshot = marked.get();
        if (snapshot.isPresent() && !removeSnapshot(snapshot.get())) {
            store.transaction(tx -> tx.cacheRecords().unmarkDeleted(id));
            return false;
        }
        forget(id);
        return true;
    }

    /** Finishes deletions a crash interrupted: their snapshots, keys and records go. */
    void finishInterrupted() {
        List<RecordId> marked = store.read(tx -> tx.cacheRecords().markedDeleted());
        for (RecordId id : marked) {
            Optional<String> snapshot = store.read(tx -> tx.cacheRecords().snapshotOf(id));
            if (snapshot.isEmpty() || removeSnapshot(snapshot.get())) {
                forget(id);
                LOG.info("finished deleting cache record {}, interrupted by an earlier stop", id);
            }
        }
    }

    /** Removes a snapshot no live record uses; true when it is gone (or was already). */
    private boolean removeSnapshot(String snapshot) {
        if (!store.read(tx -> tx.cacheRecords().bySnapshot(snapshot)).isEmpty()) {
            return true;
        }
        SnapshotId id = new SnapshotId(snapshot);
        Optional<SnapshotId> parent;
        try {
            parent = snapshotter.parent(id);
        } catch (SnapshotException e) {
            // The snapshotter no longer knows it: a crash came after the snapshot went, before the record did.
            return true;
        } catch (IOException e) {
            return false;
        }
        try {
            snapshotter.remove(id);
        } catch (IOException e) {
            LOG.debug("keeping snapshot {}: {}", snapshot, e.getMessage());
            return false;
        }
        removeOrphanedAncestors(parent);
        return true;
    }

    /**
     * The layers under a removed snapshot that no record names (an image's lower layers) would stay on
     * disk for good: they go too, up the chain, until one is a record's or still carries other snapshots.
     */
    private void removeOrphanedAncestors(Optional<SnapshotId> next) {
        while (next.isPresent()) {
            SnapshotId layer = next.get();
            if (!store.read(tx -> tx.cacheRecords().bySnapshot(layer.value())).isEmpty()) {
                return;
            }
            try {
                next = snapshotter.parent(layer);
                snapshotter.remove(layer);
            } catch (IOException e) {
                LOG.debug("keeping layer {}: {}", layer, e.getMessage());
                return;
            }
        }
    }

    private void forget(RecordId id) {
        store.transaction(tx -> {
            tx.cacheKeys().removeKeysOf(id);
            return tx.cacheRecords().delete(id);
        });
    }
}
