package org.jbuildkit.daemon.worker.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jbuildkit.registry.image.Digest;

/** What the overlay and native snapshotters share: the record keeping, removal and disk usage. */
abstract class StoreBackedSnapshotter implements Snapshotter {
    static final String FS = "fs";

    final SnapshotStore store;

    StoreBackedSnapshotter(Path root) throws IOException {
        this.store = new SnapshotStore(root);
    }

    /** The directory holding a snapshot's own files. */
    Path fs(SnapshotId id) {
        return store.dir(id).resolve(FS);
    }

    abstract List<Mount> activeMounts(SnapshotStore.Info info) throws IOException;

    abstract List<Mount> viewMounts(SnapshotStore.Info info) throws IOException;

    /** The active snapshot behind an active record, as {@link #prepare} returned it. */
    abstract ActiveSnapshot active(SnapshotStore.Info info) throws IOException;

    /** Writes a committed snapshot's own layer, its {@code kept} deletions included. */
    abstract Digest writeLayer(SnapshotStore.Info info, LayerDeletions kept, OutputStream out) throws IOException;

    /** Called with the record still active, before it is marked committed. */
    void freeze(SnapshotStore.Info info) throws IOException {
    }

    @Override
    public SnapshotView view(String key, SnapshotId parent) throws IOException {
        if (parent == null) {
            throw new IllegalArgumentException("a view needs a committed parent snapshot");
        }
        SnapshotStore.Info info = store.create(SnapshotStore.Kind.VIEW, key, parent);
        try {
            return new SnapshotView(key, parent, viewMounts(info));
        } catch (IOException | RuntimeException e) {
            store.delete(info);
            throw e;
        }
    }

    @Override
    public SnapshotId commit(String key) throws IOException {
        SnapshotStore.Info info = store.byKey(key);
        if (info.kind() != SnapshotStore.Kind.ACTIVE) {
            throw new SnapshotException("'" + key + "' is a read-only view: only active snapshots can be committed");
        }
        freeze(info);
        return store.commit(key).snapshotId();
    }

    @Override
    public void remove(String key) throws IOException {
        store.delete(store.byKey(key));
    }

    @Override
    public void remove(SnapshotId id) throws IOException {
        SnapshotStore.Info info = store.get(id);
        if (info.kind() != SnapshotStore.Kind.COMMITTED) {
            throw new SnapshotException("snapshot " + id + " is '" + info.key() + "', not committed: remove it by key");
        }
        store.delete(info);
    }

    @Override
    public List<Mount> mounts(String key) throws IOException {
        SnapshotStore.Info info = store.byKey(key);
        return info.kind() == SnapshotStore.Kind.VIEW ? viewMounts(info) : activeMounts(info);
    }

    @Override
    public Optional<SnapshotId> parent(SnapshotId id) throws IOException {
        return store.get(id).parentId();
    }

    @Override
    public Digest writeLayer(SnapshotId id, OutputStream out) throws IOException {
        SnapshotStore.Info info = store.get(id);
        if (info.kind() != SnapshotStore.Kind.COMMITTED) {
            throw new SnapshotException("snapshot " + id + " is '" + info.key() + "', not committed: only committed"
                    + " snapshots have a layer to write");
        }
        return writeLayer(info, LayerDeletions.read(store.dir(id)), out);
    }

    @Override
    public AppliedLayer applyLayer(String key, InputStream tar) throws IOException {
        SnapshotStore.Info info = store.byKey(key);
        if (info.kind() != SnapshotStore.Kind.ACTIVE) {
            throw new SnapshotException("'" + key + "' is a read-only view: layers apply only to active snapshots");
        }
        var deletions = new LayerDeletions.Collector();
        AppliedLayer applied = LayerApplier.applyTar(active(info), key, tar, deletions);
        Path dir = store.dir(info.snapshotId());
        LayerDeletions all = LayerDeletions.read(dir).union(deletions.collected());
        if (!all.isEmpty()) {
            all.write(dir);
        }
        return applied;
    }

    @Override
    public Usage usage(SnapshotId id) throws IOException {
        store.get(id);
        return Usage.of(fs(id));
    }
}
