package org.jbuildkit.daemon.source.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jbuildkit.daemon.worker.snapshot.FileTree;

/** File-tree chores of checkouts: removing scratch trees, moving a subdir's entries up. */
final class GitFiles {
    private GitFiles() {
    }

    /** Removes a tree without following symlinks; nothing to do when it is absent. */
    static void deleteRecursively(Path dir) throws IOException {
        FileTree.delete(dir);
    }

    /** Moves every entry of {@code from} into {@code to} (both on one file system). */
    static void moveEntries(Path from, Path to) throws IOException {
        try (var entries = Files.list(from)) {
            for (Path entry : entries.toList()) {
                Files.move(entry, to.resolve(entry.getFileName().toString()),
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }
}
