package org.jbuildkit.session.filesync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jbuildkit.api.fsutil.Stat;

/**
 * Describes files as fsutil's {@code Stat} (its {@code mkstat}): Go mode bits, Unix-nanosecond mtime,
 * symlink targets, device numbers, user xattrs, and hardlinks: the second and later paths of an inode
 * name the first in {@code linkname} with size 0. One reader per walk, since it remembers inodes.
 */
public final class StatReader {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final Map<String, String> firstPathByInode = new HashMap<>();

    /** The stat of {@code file} (never following a final symlink), recorded under {@code relativePath}. */
    public Stat read(Path file, String relativePath) throws IOException {
        Map<String, Object> unix = Files.readAttributes(file,
                "unix:mode,ino,dev,rdev,nlink,uid,gid,size,lastModifiedTime", NOFOLLOW);
        int stMode = (Integer) unix.get("mode");
        int mode = GoFileMode.fromPosix(stMode);
        Stat.Builder stat = Stat.newBuilder()
                .setPath(relativePath)
                .setUid((Integer) unix.get("uid"))
                .setGid((Integer) unix.get("gid"))
                .setModTime(nanos((FileTime) unix.get("lastModifiedTime")));
        if (!GoFileMode.isDir(mode)) {
            stat.setSize((Long) unix.get("size"));
        }
        if (GoFileMode.isSymlink(mode)) {
            stat.setLinkname(Files.readSymbolicLink(file).toString());
        } else if ((mode & GoFileMode.DEVICE) != 0) {
            long rdev = (Long) unix.get("rdev");
            stat.setDevmajor(major(rdev)).setDevminor(minor(rdev));
        }
        if (GoFileMode.isRegular(mode) && (Integer) unix.get("nlink") > 1) {
            String inode = unix.get("dev") + ":" + unix.get("ino");
            String first = firstPathByInode.putIfAbsent(inode, relativePath);
            if (first != null) {
                stat.setLinkname(first).setSize(0);
            }
        }
        int type = stMode & GoFileMode.S_IFMT;
        if (type == GoFileMode.S_IFREG || type == GoFileMode.S_IFDIR) {
            // Reading xattrs opens the entry: a fifo would block, a device might act.
            stat.putAllXattrs(UserXattrs.read(file));
        }
        // As fsutil: a socket is sent without its type bit (archive/tar cannot hold one).
        return stat.setMode(mode & ~GoFileMode.SOCKET).build();
    }

    static long nanos(FileTime time) {
        return time.to(TimeUnit.NANOSECONDS);
    }

    /** Linux's {@code major()} of a {@code dev_t}, as glibc computes it. */
    static long major(long rdev) {
        return ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & 0xfffff000L);
    }

    static long minor(long rdev) {
        return (rdev & 0xff) | ((rdev >>> 12) & 0xffffff00L);
    }
}
