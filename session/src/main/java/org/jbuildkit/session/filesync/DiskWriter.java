package org.jbuildkit.session.filesync;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jbuildkit.api.fsutil.Stat;

/**
 * Writes received entries under a destination directory without ever following a symlink: each
 * file, symlink, hardlink or device is made under a temporary name beside its final one, given its
 * metadata, then renamed into place (replacing what was there, as fsutil's merge mode). Directory
 * modes and mtimes are set last, once nothing more is written into them. {@link #abort} removes every
 * temporary file, so a broken transfer leaves no partial file under a final name.
 */
final class DiskWriter {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final FileAttribute<?> OWNER_ONLY_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private final Path dest;
    private final ReceiveOptions options;
    private final Map<Integer, PendingFile> pending = new HashMap<>();
    private final Map<String, Integer> pendingPaths = new HashMap<>();
    private final Map<String, List<Stat>> linksWaiting = new HashMap<>();
    private final List<Stat> dirs = new ArrayList<>();
    private final Set<String> listed = new HashSet<>();
    private long requested;
    private long kept;

    DiskWriter(Path dest, ReceiveOptions options) {
        this.dest = dest;
        this.options = options;
    }

    /** Writes an entry, or for a regular file registers it; true when its content must be requested. */
    boolean entry(Stat sent, int id) throws IOException {
        Stat stat = options.filter().apply(sent);
        int mode = stat.getMode();
        if (options.specials() != null && GoFileMode.isSpecial(mode)) {
            options.specials().accept(stat);
            return false;
        }
        Path target = target(stat.getPath());
        if (options.sync()) {
            listed.add(stat.getPath());
        }
        if (GoFileMode.isDir(mode)) {
            directory(target, stat);
            return false;
        }
        if (options.sync() && options.compare() && unchanged(target, stat)) {
            kept++;
            return false;
        }
        if (GoFileMode.isRegular(mode) && !stat.getLinkname().isEmpty()) {
            if (pendingPaths.containsKey(stat.getLinkname())) {
                linksWaiting.computeIfAbsent(stat.getLinkname(), k -> new ArrayList<>()).add(stat);
            } else {
                hardlink(stat);
            }
            return false;
        }
        if (GoFileMode.isRegular(mode)) {
            pending.put(id, new PendingFile(stat, target));
            pendingPaths.put(stat.getPath(), id);
            requested++;
            return true;
        }
        Path temp = tempBeside(target);
        if (GoFileMode.isSymlink(mode)) {
            Files.createSymbolicLink(temp, Path.of(stat.getLinkname()));
        } else if (GoFileMode.isSpecial(mode)) {
            SpecialFiles.make(temp, stat);
        } else {
            throw new FileSyncException("refusing \"" + stat.getPath() + "\": mode " + Integer.toHexString(mode)
                    + " is no type this receiver can write");
        }
        finishEntry(temp, target, stat);
        return false;
    }

    void data(int id, ByteString data) throws IOException {
        PendingFile file = pendingFile(id);
        if (file.channel == null) {
            file.temp = createTemp(file.target);
            file.channel = FileChannel.open(file.temp, StandardOpenOption.WRITE, NOFOLLOW);
        }
        try {
            var buffer = data.asReadOnlyByteBuffer();
            while (buffer.hasRemaining()) {
                file.channel.write(buffer);
            }
        } catch (IOException e) {
            throw new FileSyncException("cannot write \"" + file.stat.getPath() + "\": " + e.getMessage(), e);
        }
    }

    void endOfFile(int id) throws IOException {
        PendingFile file = pendingFile(id);
        if (file.channel == null) {
            file.temp = createTemp(file.target);
        } else {
            file.channel.close();
            file.channel = null;
        }
        finishEntry(file.temp, file.target, file.stat);
        pending.remove(id);
        pendingPaths.remove(file.stat.getPath());
        for (Stat link : linksWaiting.getOrDefault(file.stat.getPath(), List.of())) {
            hardlink(link);
        }
        linksWaiting.remove(file.stat.getPath());
    }

    /** Whether every requested file has arrived. */
    boolean idle() {
        return pending.isEmpty();
    }

    /** Regular files whose content was asked for. */
    long requested() {
        return requested;
    }

    /** Entries (other than directories) a sync left as they were, since their metadata had not changed. */
    long kept() {
        return kept;
    }

    /**
     * Ends the transfer: in sync mode deletes what the sender no longer lists, then sets directory
     * modes and mtimes, deepest first, once all content is in place. Returns the entries deleted.
     */
    long finish() throws IOException {
        long deleted = options.sync() ? deleteUnlisted() : 0;
        setDirectoryTimes();
        return deleted;
    }

    private void setDirectoryTimes() throws IOException {
        for (int i = dirs.size() - 1; i >= 0; i--) {
            Stat stat = dirs.get(i);
            Path dir = target(stat.getPath());
            Files.setAttribute(dir, "unix:mode", GoFileMode.posixPermissions(stat.getMode()), NOFOLLOW);
            FileTimes.set(dir, stat.getModTime());
        }
    }

    /** Removes every entry of the destination the sender did not list (a whole directory at once). */
    private long deleteUnlisted() throws IOException {
        long[] deleted = {0};
        Files.walkFileTree(dest, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(dest) || listed.contains(relative(dir))) {
                    return FileVisitResult.CONTINUE;
                }
                deleteTree(dir);
                deleted[0]++;
                return FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!listed.contains(relative(file))) {
                    Files.delete(file);
                    deleted[0]++;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return deleted[0];
    }

    private String relative(Path path) {
        return dest.relativize(path).toString();
    }

    /**
     * Whether the entry at {@code target} already is what {@code want} describes (type, permissions,
     * owner, size, mtime, link target), so a sync need not write it again. A hardlink is always made anew.
     */
    private boolean unchanged(Path target, Stat want) throws IOException {
        int mode = want.getMode();
        if (GoFileMode.isRegular(mode) && !want.getLinkname().isEmpty()) {
            return false;
        }
        Map<String, Object> unix;
        try {
            unix = Files.readAttributes(target, "unix:mode,uid,gid,size,lastModifiedTime", NOFOLLOW);
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
        if ((GoFileMode.fromPosix((Integer) unix.get("mode")) & ~GoFileMode.SOCKET) != mode) {
            return false;
        }
        if (options.chown() && ((Integer) unix.get("uid") != want.getUid() || (Integer) unix.get("gid") != want.getGid())) {
            return false;
        }
        if (GoFileMode.isSymlink(mode)) {
            // lutimes keeps microseconds only: the link target is what matters.
            return Files.readSymbolicLink(target).toString().equals(want.getLinkname());
        }
        long mtime = StatReader.nanos((java.nio.file.attribute.FileTime) unix.get("lastModifiedTime"));
        return mtime == want.getModTime() && (!GoFileMode.isRegular(mode) || (Long) unix.get("size") == want.getSize());
    }

    /** Removes every temporary file of files still arriving. */
    void abort() {
        for (PendingFile file : pending.values()) {
            try {
                if (file.channel != null) {
                    file.channel.close();
                }
                if (file.temp != null) {
                    Files.deleteIfExists(file.temp);
                }
            } catch (IOException e) {
                // Best effort: a leftover temporary name is harmless, a final name was never touched.
            }
        }
        pending.clear();
    }

    private PendingFile pendingFile(int id) throws FileSyncException {
        PendingFile file = pending.get(id);
        if (file == null) {
            throw new FileSyncException("the sender sent data for file id " + id
                    + ", which was never requested or has ended already");
        }
        return file;
    }

    private void directory(Path target, Stat stat) throws IOException {
        if (!Files.isDirectory(target, NOFOLLOW)) {
            if (Files.exists(target, NOFOLLOW)) {
                Files.delete(target);
            }
            // Writable by us until finish() sets the mode that was sent.
            Files.createDirectory(target, OWNER_ONLY_DIR);
        }
        setOwner(target, stat);
        UserXattrs.write(target, stat.getXattrsMap());
        dirs.add(stat);
    }

    private void hardlink(Stat stat) throws IOException {
        Path target = target(stat.getPath());
        Path temp = tempBeside(target);
        Files.createLink(temp, target(stat.getLinkname()));
        place(temp, target);
    }

    /** Metadata on the temporary entry (owner before mode: chown clears setuid), then into place. */
    private void finishEntry(Path temp, Path target, Stat stat) throws IOException {
        try {
            int mode = stat.getMode();
            setOwner(temp, stat);
            if (!GoFileMode.isSymlink(mode)) {
                if (!GoFileMode.isSpecial(mode)) {
                    UserXattrs.write(temp, stat.getXattrsMap());
                }
                // chmod(2) by path: opening a fifo or device to fchmod it could block or act on it.
                Files.setAttribute(temp, "unix:mode", GoFileMode.posixPermissions(mode));
            }
            FileTimes.set(temp, stat.getModTime());
            place(temp, target);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e instanceof FileSyncException ? e
                    : new FileSyncException("cannot write \"" + stat.getPath() + "\": " + e.getMessage(), e);
        }
    }

    private void setOwner(Path path, Stat stat) throws IOException {
        if (options.chown()) {
            Files.setAttribute(path, "unix:uid", stat.getUid(), NOFOLLOW);
            Files.setAttribute(path, "unix:gid", stat.getGid(), NOFOLLOW);
        }
    }

    /** rename(2) replaces a file or symlink at the target without following it; a directory there goes first. */
    private static void place(Path temp, Path target) throws IOException {
        if (Files.isDirectory(target, NOFOLLOW)) {
            deleteTree(target);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The entry's path under the destination, once its parent is known to be a real directory. */
    private Path target(String relative) throws FileSyncException {
        Path target = dest.resolve(relative);
        Path parent = target.getParent();
        if (!Files.isDirectory(parent, NOFOLLOW)) {
            throw new FileSyncException("refusing \"" + relative + "\": " + parent
                    + " is not a directory on disk (a symlink?); nothing is written through a symlink");
        }
        return target;
    }

    private static Path tempBeside(Path target) {
        String suffix = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        return target.resolveSibling(".fsutil-tmp." + suffix);
    }

    private static Path createTemp(Path target) throws IOException {
        return Files.createFile(tempBeside(target), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
    }

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
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

    /** A regular file whose content is on its way: where it goes, and its temporary name once data arrives. */
    private static final class PendingFile {
        final Stat stat;
        final Path target;
        Path temp;
        FileChannel channel;

        PendingFile(Stat stat, Path target) {
            this.stat = stat;
            this.target = target;
        }
    }
}
