package org.jbuildkit.daemon.worker.snapshot;

import java.io.IOException;
import java.nio.file.Path;

/** Removing a whole directory tree outside a snapshot (a cache mount's directory, a git checkout), as snapshots are removed. */
public final class FileTree {
    private FileTree() {
    }

    /** Deletes a file or a whole tree without following symlinks; absent is fine. */
    public static void delete(Path path) throws IOException {
        PosixFiles.deleteRecursively(path);
    }
}
