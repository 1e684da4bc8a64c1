package org.jbuildkit.daemon.worker.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Whether an entry is unchanged between two trees, as upstream documents a diff: same type, permissions and
 * owner; for anything but a directory also the same modification time, device number, link target and bytes.
 * Access and change times do not count. Unlike containerd's differ, equal sub-second times do not stand in for
 * equal bytes: the kernel stamps files from a clock that ticks every few milliseconds, so two writes of the
 * same size in one tick look alike. Only two names for one inode are taken as equal without reading them.
 */
final class EntryComparison {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private EntryComparison() {
    }

    static boolean same(Path a, Path b) throws IOException {
        int mode = PosixFiles.mode(a);
        if (mode != PosixFiles.mode(b) || PosixFiles.uid(a) != PosixFiles.uid(b)
                || PosixFiles.gid(a) != PosixFiles.gid(b)) {
            return false;
        }
        int type = mode & PosixFiles.S_IFMT;
        if (type == PosixFiles.S_IFDIR) {
            return true;
        }
        if (type == PosixFiles.S_IFREG && PosixFiles.device(a) == PosixFiles.device(b)
                && PosixFiles.inode(a) == PosixFiles.inode(b)) {
            return true;
        }
        if (type == PosixFiles.S_IFCHR || type == PosixFiles.S_IFBLK) {
            if (PosixFiles.rdev(a) != PosixFiles.rdev(b)) {
                return false;
            }
        }
        Instant ta = Files.getLastModifiedTime(a, NOFOLLOW).toInstant();
        Instant tb = Files.getLastModifiedTime(b, NOFOLLOW).toInstant();
        if (!ta.equals(tb)) {
            return false;
        }
        return switch (type) {
            case PosixFiles.S_IFLNK -> Files.readSymbolicLink(a).equals(Files.readSymbolicLink(b));
            case PosixFiles.S_IFREG -> Files.size(a) == Files.size(b) && Files.mismatch(a, b) == -1L;
            default -> true;
        };
    }
}
