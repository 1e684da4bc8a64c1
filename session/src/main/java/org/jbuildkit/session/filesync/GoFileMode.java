package org.jbuildkit.session.filesync;

/**
 * Go's {@code os.FileMode} bits, which fsutil's {@code Stat.mode} carries instead of a POSIX
 * {@code st_mode}: permissions in the low 9 bits, the type and the setuid/setgid/sticky bits high up.
 */
public final class GoFileMode {
    public static final int DIR = 1 << 31;
    public static final int SYMLINK = 1 << 27;
    public static final int DEVICE = 1 << 26;
    public static final int NAMED_PIPE = 1 << 25;
    public static final int SOCKET = 1 << 24;
    public static final int SETUID = 1 << 23;
    public static final int SETGID = 1 << 22;
    public static final int CHAR_DEVICE = 1 << 21;
    public static final int STICKY = 1 << 20;
    public static final int IRREGULAR = 1 << 19;
    /** Go's {@code os.ModeType}: every bit that makes an entry something other than a regular file. */
    public static final int TYPE = DIR | SYMLINK | NAMED_PIPE | SOCKET | DEVICE | CHAR_DEVICE | IRREGULAR;
    public static final int PERM = 0777;

    static final int S_IFMT = 0170000;
    static final int S_IFSOCK = 0140000;
    static final int S_IFLNK = 0120000;
    static final int S_IFREG = 0100000;
    static final int S_IFBLK = 0060000;
    static final int S_IFDIR = 0040000;
    static final int S_IFCHR = 0020000;
    static final int S_IFIFO = 0010000;
    static final int S_ISUID = 04000;
    static final int S_ISGID = 02000;
    static final int S_ISVTX = 01000;

    private GoFileMode() {
    }

    /** The Go mode of a POSIX {@code st_mode}, as Go's {@code os.Lstat} computes it. */
    public static int fromPosix(int stMode) {
        int mode = stMode & PERM;
        switch (stMode & S_IFMT) {
            case S_IFDIR -> mode |= DIR;
            case S_IFLNK -> mode |= SYMLINK;
            case S_IFBLK -> mode |= DEVICE;
            case S_IFCHR -> mode |= DEVICE | CHAR_DEVICE;
            case S_IFIFO -> mode |= NAMED_PIPE;
            case S_IFSOCK -> mode |= SOCKET;
            default -> {
                // S_IFREG: no type bit
            }
        }
        if ((stMode & S_ISUID) != 0) {
            mode |= SETUID;
        }
        if ((stMode & S_ISGID) != 0) {
            mode |= SETGID;
        }
        if ((stMode & S_ISVTX) != 0) {
            mode |= STICKY;
        }
        return mode;
    }

    /** The POSIX permission bits (with setuid, setgid and sticky) of a Go mode, for chmod. */
    public static int posixPermissions(int goMode) {
        int perm = goMode & PERM;
        if ((goMode & SETUID) != 0) {
            perm |= S_ISUID;
        }
        if ((goMode & SETGID) != 0) {
            perm |= S_ISGID;
        }
        if ((goMode & STICKY) != 0) {
            perm |= S_ISVTX;
        }
        return perm;
    }

    /** The POSIX file type bits ({@code S_IF*}) of a Go mode. */
    public static int posixType(int goMode) {
        if ((goMode & DIR) != 0) {
            return S_IFDIR;
        }
        if ((goMode & SYMLINK) != 0) {
            return S_IFLNK;
        }
        if ((goMode & DEVICE) != 0) {
            return (goMode & CHAR_DEVICE) != 0 ? S_IFCHR : S_IFBLK;
        }
        if ((goMode & NAMED_PIPE) != 0) {
            return S_IFIFO;
        }
        if ((goMode & SOCKET) != 0) {
            return S_IFSOCK;
        }
        return S_IFREG;
    }

    public static boolean isDir(int goMode) {
        return (goMode & DIR) != 0;
    }

    public static boolean isSymlink(int goMode) {
        return (goMode & SYMLINK) != 0;
    }

    /** Whether fsutil lets the receiver ask for this entry's content (its {@code fileCanRequestData}). */
    public static boolean isRegular(int goMode) {
        return (goMode & TYPE) == 0;
    }

    /** Devices and named pipes: entries made with mknod. */
    public static boolean isSpecial(int goMode) {
        return (goMode & (DEVICE | NAMED_PIPE)) != 0;
    }
}
