package org.jbuildkit.session.filesync;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.jbuildkit.api.fsutil.Stat;

/**
 * Checks the stats a receiver is sent, as fsutil's order and hardlink validators do, before anything
 * is written: paths clean and relative (no {@code ..}, no leading {@code /}), each directory listed before
 * its contents, names within a directory strictly increasing (so no duplicates), nothing below an entry
 * that is not a directory (a path through a symlink), hardlinks only to regular files listed earlier.
 */
final class StreamOrder {
    private final Deque<Level> levels = new ArrayDeque<>();
    private final Set<String> regularFiles = new HashSet<>();

    StreamOrder() {
        levels.push(new Level(""));
    }

    void accept(Stat stat) throws FileSyncException {
        String path = stat.getPath();
        checkClean(path, "path");
        int slash = path.lastIndexOf('/');
        String dir = slash < 0 ? "" : path.substring(0, slash);
        String name = path.substring(slash + 1);
        while (levels.size() > 1 && !levels.peek().dir.equals(dir) && !isUnder(dir, levels.peek().dir)) {
            levels.pop();
        }
        Level level = levels.peek();
        if (!level.dir.equals(dir)) {
            if (level.last != null && join(level.dir, level.last).equals(dir) && !level.lastIsDir) {
                throw new FileSyncException("refusing \"" + path + "\": its parent \"" + dir + "\" was sent as "
                        + level.lastKind + ", not a directory; writing through it could land outside the destination");
            }
            throw new FileSyncException("entries out of order: \"" + path + "\" arrived, but its parent directory \""
                    + dir + "\" was not listed just before its contents");
        }
        if (level.last != null) {
            int c = TreeWalk.NAME_ORDER.compare(name, level.last);
            if (c == 0) {
                throw new FileSyncException("duplicate entry \"" + path + "\": it was listed twice");
            }
            if (c < 0) {
                throw new FileSyncException("entries out of order: \"" + path + "\" after \""
                        + join(level.dir, level.last) + "\" (names must come in bytewise order)");
            }
        }
        int mode = stat.getMode();
        level.last = name;
        level.lastIsDir = GoFileMode.isDir(mode);
        level.lastKind = GoFileMode.isSymlink(mode) ? "a symlink" : "a file";
        if (GoFileMode.isDir(mode)) {
            levels.push(new Level(path));
        } else if (GoFileMode.isRegular(mode)) {
            checkHardlink(stat);
        }
    }

    private void checkHardlink(Stat stat) throws FileSyncException {
        String target = stat.getLinkname();
        if (target.isEmpty()) {
            regularFiles.add(stat.getPath());
            return;
        }
        checkClean(target, "hardlink target");
        if (!regularFiles.contains(target)) {
            throw new FileSyncException("hardlink \"" + stat.getPath() + "\" points at \"" + target
                    + "\", which was not listed before it as a regular file");
        }
    }

    /** A relative path of plain names: what a receiver may join to its destination. */
    static void checkClean(String path, String what) throws FileSyncException {
        if (path.isEmpty()) {
            throw new FileSyncException("refusing an entry with an empty " + what);
        }
        if (path.startsWith("/")) {
            throw new FileSyncException("refusing absolute " + what + " \"" + path + "\": entries must be relative"
                    + " to the destination");
        }
        if (path.indexOf('\0') >= 0) {
            throw new FileSyncException("refusing " + what + " \"" + path.replace('\0', '?')
                    + "\": it holds a NUL byte");
        }
        for (String part : path.split("/", -1)) {
            if (part.equals("..")) {
                throw new FileSyncException("refusing " + what + " \"" + path
                        + "\": its .. would leave the destination");
            }
            if (part.isEmpty() || part.equals(".")) {
                throw new FileSyncException("refusing unclean " + what + " \"" + path + "\" (empty or . components)");
            }
        }
    }

    private static boolean isUnder(String dir, String ancestor) {
        return ancestor.isEmpty() || dir.startsWith(ancestor + "/");
    }

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    /** One directory on the path to the latest entry, and the last name listed in it. */
    private static final class Level {
        final String dir;
        String last;
        boolean lastIsDir;
        String lastKind;

        Level(String dir) {
            this.dir = dir;
        }
    }
}
