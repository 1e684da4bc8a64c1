package org.jbuildkit.daemon.worker.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jbuildkit.registry.image.Digest;

/** Describes a directory tree as path → type, mode, owner, mtime and content, to compare snapshot views. */
final class Trees {
    private Trees() {
    }

    static Map<String, String> describe(Path root) {
        var result = new TreeMap<String, String>();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.filter(p -> !p.equals(root)).forEach(p -> result.put(root.relativize(p).toString(), describeOne(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    private static String describeOne(Path p) {
        try {
            int mode = PosixFiles.mode(p);
            String owner = PosixFiles.uid(p) + ":" + PosixFiles.gid(p);
            String what = switch (mode & PosixFiles.S_IFMT) {
                case PosixFiles.S_IFREG -> "file " + Digest.sha256(Files.readAllBytes(p)).shortHex();
                case PosixFiles.S_IFLNK -> "symlink " + Files.readSymbolicLink(p);
                case PosixFiles.S_IFDIR -> "dir";
                case PosixFiles.S_IFCHR -> "chr " + PosixFiles.major(PosixFiles.rdev(p)) + "/"
                        + PosixFiles.minor(PosixFiles.rdev(p));
                case PosixFiles.S_IFIFO -> "fifo";
                default -> "other";
            };
            // Directory mtimes change with overlay copy-up; compare them only for files.
            String mtime = (mode & PosixFiles.S_IFMT) == PosixFiles.S_IFDIR ? ""
                    : " " + Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis();
            String perms = (mode & PosixFiles.S_IFMT) == PosixFiles.S_IFLNK ? "" : " " + Integer.toOctalString(mode & 07777);
            return what + perms + " " + owner + mtime;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
