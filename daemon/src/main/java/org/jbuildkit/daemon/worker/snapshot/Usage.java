package org.jbuildkit.daemon.worker.snapshot;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/** Disk used by one snapshot's own directory (not its parents): bytes in blocks and inode count. */
public record Usage(long size, long inodes) {

    /**
     * Walks {@code dir} (a snapshot's files, or a cache mount's directory): regular files' sizes, each
     * inode counted once however many hard links it has. A missing directory uses nothing, and an entry
     * deleted during the walk (a step still writing a shared cache mount) is skipped.
     */
    public static Usage of(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return new Usage(0, 0);
        }
        long[] totals = new long[2];
        Set<Long> seen = new HashSet<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                return visitFile(d, attrs);
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                try {
                    if (seen.add(PosixFiles.inode(file))) {
                        totals[0] += attrs.isRegularFile() ? attrs.size() : 0;
                        totals[1]++;
                    }
                } catch (NoSuchFileException gone) {
                    // deleted between the listing and the look at its inode
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return new Usage(totals[0], totals[1]);
    }
}
