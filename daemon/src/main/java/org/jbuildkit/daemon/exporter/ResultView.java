package org.jbuildkit.daemon.exporter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jbuildkit.api.Identity;
import org.jbuildkit.daemon.worker.snapshot.Mount;
import org.jbuildkit.daemon.worker.snapshot.Mounter;
import org.jbuildkit.daemon.worker.snapshot.SnapshotView;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;

/**
 * A read-only look at a result's file tree for as long as it is exported: a snapshotter view, used
 * in place when it is a single bind (native) or mounted under the mount root (overlay); an empty
 * directory for a scratch result. Closing unmounts and releases the view.
 */
final class ResultView implements AutoCloseable {
    private final Snapshotter snapshotter;
    private final String key;
    private final Path root;
    private final boolean mounted;

    private ResultView(Snapshotter snapshotter, String key, Path root, boolean mounted) {
        this.snapshotter = snapshotter;
        this.key = key;
        this.root = root;
        this.mounted = mounted;
    }

    static ResultView open(Snapshotter snapshotter, Path mountRoot, ExportSource source) throws IOException {
        String key = "export-" + Identity.newId();
        if (source.snapshot().isEmpty()) {
            return new ResultView(null, key, Files.createDirectories(mountRoot.resolve(key)), false);
        }
        SnapshotView view = snapshotter.view(key, source.snapshot().get());
        List<Mount> mounts = view.mounts();
        if (mounts.size() == 1 && mounts.get(0).type().equals("bind")) {
            return new ResultView(snapshotter, key, Path.of(mounts.get(0).source()), false);
        }
        Path dir = Files.createDirectories(mountRoot.resolve(key));
        try {
            Mounter.mount(mounts, dir);
        } catch (IOException e) {
            Files.deleteIfExists(dir);
            snapshotter.remove(key);
            throw e;
        }
        return new ResultView(snapshotter, key, dir, true);
    }

    /** The top of the result's tree. */
    Path root() {
        return root;
    }

    @Override
    public void close() throws IOException {
        try {
            if (mounted) {
                Mounter.unmount(root);
            }
            if (mounted || snapshotter == null) {
                Files.deleteIfExists(root);
            }
        } finally {
            if (snapshotter != null) {
                snapshotter.remove(key);
            }
        }
    }
}
