package org.jbuildkit.daemon.source.git;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** File-tree chores of checkouts: removing scratch trees, moving a subdir's entries up. */
final class GitFiles {
    private GitFiles() {
    }

    /** Removes a tree without following symlinks; nothing to do when it is absent. */
    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
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
