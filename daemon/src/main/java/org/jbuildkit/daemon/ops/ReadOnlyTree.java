package org.jbuildkit.daemon.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jbuildkit.api.Identity;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;

/**
 * A committed snapshot opened for reading through a view (or an empty directory for scratch), for as long as
 * an op reads it; {@link #close()} unmounts it and removes the view, also when the thread was interrupted.
 */
final class ReadOnlyTree implements AutoCloseable {
    private final Snapshotter snapshotter;
    private final String viewKey;
    private final MountedTree mounted;
    private final Path root;

    private ReadOnlyTree(Snapshotter snapshotter, String viewKey, MountedTree mounted, Path root) {
        this.snapshotter = snapshotter;
        this.viewKey = viewKey;
        this.mounted = mounted;
        this.root = root;
    }

    /** Opens {@code snapshot}, or an empty tree when it is null; {@code kind} names the view ("diff", "file"). */
    static ReadOnlyTree open(Snapshotter snapshotter, Path mountRoot, SnapshotId snapshot, String kind)
            throws IOException {
        if (snapshot == null) {
            return new ReadOnlyTree(snapshotter, null, null, Files.createTempDirectory(mountRoot, kind + "-scratch-"));
        }
        String key = kind + "-src-" + Identity.newId();
        snapshotter.view(key, snapshot);
        try {
            MountedTree mounted = MountedTree.open(mountRoot, key, snapshotter.mounts(key));
            return new ReadOnlyTree(snapshotter, key, mounted, mounted.root());
        } catch (IOException | RuntimeException e) {
            ExecMountSet.uninterruptibly(() -> snapshotter.remove(key));
            throw e;
        }
    }

    Path root() {
        return root;
    }

    /** Whether the tree is read where its snapshot keeps it (not through a mount made for this view). */
    boolean inPlace() {
        return mounted != null && !mounted.mounted();
    }

    @Override
    public void close() throws IOException {
        if (viewKey == null) {
            Files.deleteIfExists(root);
            return;
        }
        try {
            mounted.close();
        } finally {
            ExecMountSet.uninterruptibly(() -> snapshotter.remove(viewKey));
        }
    }
}
