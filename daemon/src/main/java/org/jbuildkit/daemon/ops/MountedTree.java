package org.jbuildkit.daemon.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jbuildkit.daemon.worker.snapshot.Mount;
import org.jbuildkit.daemon.worker.snapshot.Mounter;

/**
 * A snapshot's mounts seen as one directory for the daemon's own file work: a single bind is read in place,
 * anything else (overlay) is mounted under the mount root and taken down again on {@link #close()}.
 */
record MountedTree(Path root, boolean mounted) implements AutoCloseable {

    static MountedTree open(Path mountRoot, String key, List<Mount> mounts) throws IOException {
        if (mounts.size() == 1 && mounts.get(0).type().equals("bind")) {
            return new MountedTree(Path.of(mounts.get(0).source()), false);
        }
        Path dir = Files.createDirectories(mountRoot.resolve(key));
        try {
            Mounter.mount(mounts, dir);
        } catch (IOException e) {
            Files.deleteIfExists(dir);
            throw e;
        }
        return new MountedTree(dir, true);
    }

    @Override
    public void close() throws IOException {
        if (mounted) {
            ExecMountSet.uninterruptibly(() -> {
                Mounter.unmount(root);
                Files.deleteIfExists(root);
            });
        }
    }
}
