package org.jbuildkit.daemon.worker.snapshot;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;

/** The Unix file operations the JDK only offers through its "unix:" attribute view, plus mknod. */
final class PosixFiles {
    static final int S_IFMT = 0170000;
    static final int S_IFSOCK = 0140000;
    static final int S_IFLNK = 0120000;
    static final int S_IFREG = 0100000;
    static final int S_IFBLK = 0060000;
    static final int S_IFDIR = 0040000;
    static final int S_IFCHR = 0020000;
    static final int S_IFIFO = 0010000;

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private PosixFiles() {
    }

    /** st_mode including the file type bits, without following a final symlink. */
    static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", NOFOLLOW);
    }

    static long rdev(Path path) throws IOException {
        return (Long) Files.getAttribute(path, "unix:rdev", NOFOLLOW);
    }

    static int uid(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", NOFOLLOW);
    }

    static int gid(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:gid", NOFOLLOW);
    }

    /** st_dev: which file system the entry is on; with the inode, whether two paths are the same file. */
    static long device(Path path) throws IOException {
        return (Long) Files.getAttribute(path, "unix:dev", NOFOLLOW);
    }

    static long inode(Path path) throws IOException {
        return (Long) Files.getAttribute(path, "unix:ino", NOFOLLOW);
    }

    static int nlink(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:nlink", NOFOLLOW);
    }

    static int major(long rdev) {
        return (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
    }

    static int minor(long rdev) {
        return (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
    }

    /** True for the character device 0/0 overlayfs uses as a whiteout. */
    static boolean isOverlayWhiteout(Path path) throws IOException {
        return (mode(path) & S_IFMT) == S_IFCHR && rdev(path) == 0;
    }

    /** lchown: never follows a symlink. */
    static void chown(Path path, int uid, int gid) throws IOException {
        Files.setAttribute(path, "unix:uid", uid, NOFOLLOW);
        Files.setAttribute(path, "unix:gid", gid, NOFOLLOW);
    }

    /** chmod with setuid, setgid and sticky bits; symlinks have no mode of their own. */
    static void chmod(Path path, int mode) throws IOException {
        Files.setAttribute(path, "unix:mode", mode & 07777);
    }

    /** lutimes: sets the modification time of the entry itself, symlinks included. */
    static void setMtime(Path path, FileTime mtime) throws IOException {
        int type = mode(path) & S_IFMT;
        if (type == S_IFREG || type == S_IFDIR || type == S_IFLNK) {
            Files.getFileAttributeView(path, BasicFileAttributeView.class, NOFOLLOW).setTimes(mtime, mtime, null);
        } else {
            // The JDK opens the file to set its times: that blocks on a fifo and may act on a device.
            var instant = mtime.toInstant();
            Commands.check(List.of("touch", "-h", "-d", "@" + instant.getEpochSecond() + "."
                    + String.format("%09d", instant.getNano()), "--", path.toString()));
        }
    }

    /** Creates a character device, block device or fifo; type is one of the S_IF* constants. */
    static void mknod(Path path, int type, int major, int minor) throws IOException {
        List<String> command = switch (type) {
            case S_IFCHR -> List.of("mknod", "--", path.toString(), "c", Integer.toString(major),
                    Integer.toString(minor));
            case S_IFBLK -> List.of("mknod", "--", path.toString(), "b", Integer.toString(major),
                    Integer.toString(minor));
            case S_IFIFO -> List.of("mknod", "--", path.toString(), "p");
            default -> throw new IllegalArgumentException("mknod cannot make file type " + Integer.toOctalString(type));
        };
        Commands.check(command);
    }

    static void overlayWhiteout(Path path) throws IOException {
        mknod(path, S_IFCHR, 0, 0);
    }

    /** Deletes a file or a whole tree without following symlinks; absent is fine. */
    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, NOFOLLOW)) {
            return;
        }
        if (!Files.isDirectory(path, NOFOLLOW)) {
            Files.delete(path);
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
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
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
