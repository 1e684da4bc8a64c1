package org.jbuildkit.daemon.worker.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jbuildkit.registry.image.Digest;

/**
 * The copying snapshotter for kernels without overlayfs: each snapshot is a full tree at
 * {@code <root>/snapshots/<id>/fs}, prepared by copying its parent with modes, owners, symlinks,
 * hardlinks, device files and extended attributes ({@code cp -a}, reflinks where the file system has them).
 */
public final class NativeSnapshotter extends StoreBackedSnapshotter {

    public NativeSnapshotter(Path root) throws IOException {
        super(root);
    }

    @Override
    public String name() {
        return "native";
    }

    @Override
    public ActiveSnapshot prepare(String key, SnapshotId parent) throws IOException {
        SnapshotStore.Info info = store.create(SnapshotStore.Kind.ACTIVE, key, parent);
        try {
            Path fs = fs(info.snapshotId());
            Files.createDirectory(fs);
            if (parent != null) {
                Commands.check(List.of("cp", "-a", "--reflink=auto", "--", fs(parent) + "/.", fs.toString()));
            }
            return active(info);
        } catch (IOException | RuntimeException e) {
            store.delete(info);
            throw e;
        }
    }

    @Override
    ActiveSnapshot active(SnapshotStore.Info info) {
        return new ActiveSnapshot(info.key(), info.snapshotId(), fs(info.snapshotId()), List.of(), activeMounts(info));
    }

    /** Each snapshot is a full tree, so its layer is what differs from its parent's tree. */
    @Override
    Digest writeLayer(SnapshotStore.Info info, LayerDeletions kept, OutputStream out) throws IOException {
        Path parent = info.parentId().map(this::fs).orElse(null);
        return LayerDiffer.write(fs(info.snapshotId()), parent, false, kept, out);
    }

    @Override
    List<Mount> activeMounts(SnapshotStore.Info info) {
        return List.of(Mount.bind(fs(info.snapshotId()), false));
    }

    @Override
    List<Mount> viewMounts(SnapshotStore.Info info) {
        return List.of(Mount.bind(fs(info.parentId().orElseThrow()), true));
    }
}
