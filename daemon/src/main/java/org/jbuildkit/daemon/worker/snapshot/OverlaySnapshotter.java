package org.jbuildkit.daemon.worker.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jbuildkit.registry.image.Digest;

/**
 * Snapshots as overlayfs layers: a committed layer is {@code <root>/snapshots/<id>/fs}; an active snapshot
 * adds its own {@code fs} (the upper dir) and {@code work} dir over its parents' fs dirs, and committing
 * freezes that upper dir as the next layer.
 */
public final class OverlaySnapshotter extends StoreBackedSnapshotter {
    /** The kernel's OVL_MAX_STACK: an overlay mount takes at most this many lower directories. */
    public static final int MAX_LOWER_DIRS = 500;

    private static final String WORK = "work";

    public OverlaySnapshotter(Path root) throws IOException {
        super(root);
    }

    @Override
    public String name() {
        return "overlayfs";
    }

    @Override
    public ActiveSnapshot prepare(String key, SnapshotId parent) throws IOException {
        SnapshotStore.Info info = store.create(SnapshotStore.Kind.ACTIVE, key, parent);
        try {
            Path dir = store.dir(info.snapshotId());
            Files.createDirectory(dir.resolve(FS));
            Files.createDirectory(dir.resolve(WORK));
            return active(info);
        } catch (IOException | RuntimeException e) {
            store.delete(info);
            throw e;
        }
    }

    @Override
    ActiveSnapshot active(SnapshotStore.Info info) throws IOException {
        return new ActiveSnapshot(info.key(), info.snapshotId(), fs(info.snapshotId()), lowerDirs(info),
                activeMounts(info));
    }

    /** A layer's fs dir is its upper dir: whiteout devices and opaque xattrs as it was used, unless it is a base. */
    @Override
    Digest writeLayer(SnapshotStore.Info info, LayerDeletions kept, OutputStream out) throws IOException {
        return LayerDiffer.write(fs(info.snapshotId()), null, info.parentId().isPresent(), kept, out);
    }

    @Override
    void freeze(SnapshotStore.Info info) throws IOException {
        // overlayfs keeps only transient state in the work dir; without it the layer can never be an upper again.
        PosixFiles.deleteRecursively(store.dir(info.snapshotId()).resolve(WORK));
    }

    @Override
    List<Mount> activeMounts(SnapshotStore.Info info) throws IOException {
        Path dir = store.dir(info.snapshotId());
        List<Path> lowers = lowerDirs(info);
        if (lowers.isEmpty()) {
            return List.of(Mount.bind(dir.resolve(FS), false));
        }
        return List.of(new Mount("overlay", "overlay", List.of(lowerOption(lowers),
                "upperdir=" + dir.resolve(FS), "workdir=" + dir.resolve(WORK))));
    }

    @Override
    List<Mount> viewMounts(SnapshotStore.Info info) throws IOException {
        List<Path> lowers = lowerDirs(info);
        if (lowers.size() == 1) {
            return List.of(Mount.bind(lowers.get(0), true));
        }
        // Without an upper dir overlayfs is read-only by itself.
        return List.of(new Mount("overlay", "overlay", List.of(lowerOption(lowers))));
    }

    /** The fs dirs of the snapshot's parents, nearest first, as overlayfs wants them. */
    private List<Path> lowerDirs(SnapshotStore.Info info) throws SnapshotException {
        List<SnapshotId> ancestors = store.ancestors(info);
        if (ancestors.size() > MAX_LOWER_DIRS) {
            throw new SnapshotException("snapshot '" + info.key() + "' would stack " + ancestors.size()
                    + " layers but overlayfs mounts at most " + MAX_LOWER_DIRS + " lower directories;"
                    + " squash the image or use snapshotter = \"native\"");
        }
        var dirs = new ArrayList<Path>();
        for (SnapshotId id : ancestors) {
            dirs.add(fs(id));
        }
        return dirs;
    }

    private static String lowerOption(List<Path> lowers) {
        return "lowerdir=" + lowers.stream().map(Path::toString).collect(Collectors.joining(":"));
    }
}
