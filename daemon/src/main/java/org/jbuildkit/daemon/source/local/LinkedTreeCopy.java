package org.jbuildkit.daemon.source.local;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * Copies a local source's synced tree into a snapshot by hard-linking its files (directories and
 * symlinks are made anew with the same owner, mode and times). Safe because the sync never changes a
 * file in place: a changed file is written under a new name and renamed over the old, so the inode a
 * snapshot links stays as it was. Falls back to copying when linking fails (another file system).
 */
final class LinkedTreeCopy {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private LinkedTreeCopy() {
    }

    /** Fills the empty directory {@code to} with the tree under {@code from}; returns the regular files linked. */
    static long copy(Path from, Path to) throws IOException {
        long[] files = {0};
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(dir).toString());
                if (!dir.equals(from)) {
                    Files.createDirectory(target);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(file).toString());
                if (attrs.isRegularFile()) {
                    try {
                        Files.createLink(target, file);
                    } catch (IOException | UnsupportedOperationException e) {
                        Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                        owner(file, target);
                    }
                    files[0]++;
                } else if (attrs.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(file));
                    owner(file, target);
                    times(target, attrs.lastModifiedTime());
                }
                // The sync writes no devices, fifos or sockets: there is nothing else to copy.
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Path target = to.resolve(from.relativize(dir).toString());
                Map<String, Object> unix = Files.readAttributes(dir, "unix:mode,uid,gid,lastModifiedTime", NOFOLLOW);
                Files.setAttribute(target, "unix:uid", unix.get("uid"), NOFOLLOW);
                Files.setAttribute(target, "unix:gid", unix.get("gid"), NOFOLLOW);
                Files.setAttribute(target, "unix:mode", (Integer) unix.get("mode") & 07777, NOFOLLOW);
                times(target, (FileTime) unix.get("lastModifiedTime"));
                return FileVisitResult.CONTINUE;
            }
        });
        return files[0];
    }

    private static void owner(Path from, Path to) throws IOException {
        Map<String, Object> unix = Files.readAttributes(from, "unix:uid,gid", NOFOLLOW);
        Files.setAttribute(to, "unix:uid", unix.get("uid"), NOFOLLOW);
        Files.setAttribute(to, "unix:gid", unix.get("gid"), NOFOLLOW);
    }

    private static void times(Path path, FileTime mtime) throws IOException {
        Files.getFileAttributeView(path, BasicFileAttributeView.class, NOFOLLOW).setTimes(mtime, mtime, null);
    }
}
