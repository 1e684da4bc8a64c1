package org.jbuildkit.daemon.frontend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jbuildkit.api.GoPath;
import org.jbuildkit.api.Identity;
import org.jbuildkit.daemon.worker.snapshot.Mount;
import org.jbuildkit.daemon.worker.snapshot.Mounter;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;

/**
 * Reads small files (a Dockerfile, a {@code .dockerignore}) out of a committed snapshot: through a view, mounted
 * under the mount root when it is not a single bind. Paths are the user's, so they are resolved inside the tree:
 * a {@code ../} or a symlink leading out of it reads as "no such file", never as a file of the daemon's host.
 */
final class SnapshotFiles {
    /** No Dockerfile comes near this; a bigger file is refused rather than read into memory. */
    static final long MAX_FILE_BYTES = 16L << 20;

    private final Snapshotter snapshotter;
    private final Path mountRoot;

    SnapshotFiles(Snapshotter snapshotter, Path mountRoot) {
        this.snapshotter = snapshotter;
        this.mountRoot = mountRoot;
    }

    Optional<byte[]> read(SnapshotId snapshot, String path) throws IOException {
        String key = "frontend-read-" + Identity.newId();
        snapshotter.view(key, snapshot);
        try {
            List<Mount> mounts = snapshotter.mounts(key);
            if (mounts.size() == 1 && mounts.get(0).type().equals("bind")) {
                return readInside(Path.of(mounts.get(0).source()), path);
            }
            Path dir = Files.createDirectories(mountRoot.resolve(key));
            try {
                Mounter.mount(mounts, dir);
                try {
                    return readInside(dir, path);
                } finally {
                    Mounter.unmount(dir);
                }
            } finally {
                Files.deleteIfExists(dir);
            }
        } finally {
            snapshotter.remove(key);
        }
    }

    /** The regular file {@code path} under {@code root}, following symlinks only while they stay inside it. */
    static Optional<byte[]> readInside(Path root, String path) throws IOException {
        String clean = GoPath.clean("/" + path).substring(1);
        if (clean.isEmpty()) {
            return Optional.empty();
        }
        Path top = root.toRealPath();
        Path real;
        try {
            real = top.resolve(clean).toRealPath();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!real.startsWith(top) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        long size = Files.size(real);
        if (size > MAX_FILE_BYTES) {
            throw new IOException(path + " is " + size + " bytes, more than the " + MAX_FILE_BYTES
                    + " a frontend reads; is it the right file?");
        }
        try (InputStream in = Files.newInputStream(real)) {
            return Optional.of(in.readNBytes((int) MAX_FILE_BYTES));
        }
    }
}
