package org.jbuildkit.daemon.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.jbuildkit.daemon.worker.metadata.MetadataStore;
import org.jbuildkit.daemon.worker.metadata.RecordId;
import org.jbuildkit.daemon.worker.snapshot.FileTree;
import org.jbuildkit.daemon.worker.snapshot.SnapshotException;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes one cache record in upstream's two phases: marked deleted (hidden from lookups) in the
 * same transaction that checks nothing holds it, then its snapshot goes unless another record
 * shares it (or its cache-mount directory goes), then the record and its keys. A crash in between
 * leaves a marked record, finished by {@link #finishInterrupted}.
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
     * snapshots (then the record stays as it was). A cache mount's directory is moved aside in the
     * marking transaction, so a step that takes the cache mount afterwards starts with a fresh one.
     */
    boolean remove(RecordId id) {
        Optional<RecordFiles> marked;
        try {
            marked = store.transaction(tx -> {
                if (!tx.usage().removable(id)) {
                    return Optional.empty();
                }
                RecordFiles files = new RecordFiles(tx.cacheRecords().snapshotOf(id),
                        tx.cacheRecords().directoryOf(id));
                tx.cacheRecords().markDeleted(id);
                files.directory().ifPresent(dir -> moveAside(dir, id));
                return Optional.of(files);
            });
        } catch (UncheckedIOException e) {
            LOG.warn("keeping cache record {}: {}", id, e.getMessage());
            return false;
        }
        if (marked.isEmpty()) {
            return false;
        }
        Optional<String> snapshot = marked.get().snapshot();
        if (snapshot.isPresent() && !removeSnapshot(snapshot.get())) {
            store.transaction(tx -> tx.cacheRecords().unmarkDeleted(id));
            return false;
        }
        Optional<Path> directory = marked.get().directory();
        if (directory.isPresent() && !removeDirectory(id, directory.get())) {
            // Moved aside already, so it cannot be taken back: the next prune deletes what is left.
            return true;
        }
        forget(id);
        return true;
    }

    /** Finishes deletions a crash interrupted: their snapshots or directories, keys and records go. */
    void finishInterrupted() {
        List<RecordId> marked = store.read(tx -> tx.cacheRecords().markedDeleted());
        for (RecordId id : marked) {
            RecordFiles files = store.read(tx -> new RecordFiles(tx.cacheRecords().snapshotOf(id),
                    tx.cacheRecords().directoryOf(id)));
            if (files.snapshot().map(this::removeSnapshot).orElse(true)
                    && files.directory().map(dir -> removeDirectory(id, dir)).orElse(true)) {
                forget(id);
                LOG.info("finished deleting cache record {}, interrupted by an earlier stop", id);
            }
        }
    }

    /**
     * Deletes a removed record's directory: what was moved aside, and the directory itself unless a live
     * record took it meanwhile (moved aside first, in a transaction, so a step cannot take it midway).
     */
    private boolean removeDirectory(RecordId id, Path dir) {
        Path aside = aside(dir, id);
        try {
            FileTree.delete(aside);
            store.transaction(tx -> {
                if (tx.cacheRecords().byDirectory(dir).isEmpty()) {
                    moveAside(dir, id);
                }
                return null;
            });
            FileTree.delete(aside);
            return true;
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cache mount directory {} of removed record {} is deleted by the next prune: {}", dir, id,
                    e.getMessage());
            return false;
        }
    }

    private static void moveAside(Path dir, RecordId id) {
        try {
            Files.move(dir, aside(dir, id), StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            // never made, or already moved: nothing to delete
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + dir + " aside to delete it: " + e.getMessage(), e);
        }
    }

    /** Where a removed record's directory waits to be deleted, beside the live ones. */
    private static Path aside(Path dir, RecordId id) {
        return dir.resolveSibling("deleting-" + id.value());
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

    /** What holds a record's files: a snapshot or a directory (or neither, for a blob-only record). */
    private record RecordFiles(Optional<String> snapshot, Optional<Path> directory) {
    }

    private void forget(RecordId id) {
        store.transaction(tx -> {
            tx.cacheKeys().removeKeysOf(id);
            return tx.cacheRecords().delete(id);
        });
    }
}
