package org.jbuildkit.daemon.worker.snapshot;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The walk behind {@link LayerDiffer}: visits the upper tree (and the lower one beside it when comparing) one
 * directory at a time in name order, never following a symlink, and writes each change as a tar entry. When
 * comparing, an unchanged directory is written only once something inside it changed, so every entry still
 * comes after its parents.
 */
final class LayerTarWriter {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final FileTime EPOCH = FileTime.fromMillis(0);
    private static final String OPAQUE = ".wh..wh..opq";

    /** A directory whose header waits until something below it is written. */
    private static final class PendingDir {
        final Path path;
        final String name;
        boolean written;

        PendingDir(Path path, String name) {
            this.path = path;
            this.name = name;
        }
    }

    private final TarArchiveOutputStream tar;
    private final boolean overlayFormat;
    private final Set<Path> opaque;
    private final LayerDeletions kept;
    private final Map<String, Set<String>> keptWhiteoutsByDir = new HashMap<>();
    private final Map<Long, String> firstLinkByInode = new HashMap<>();
    private final Deque<PendingDir> pending = new ArrayDeque<>();

    LayerTarWriter(TarArchiveOutputStream tar, boolean overlayFormat, Set<Path> opaque, LayerDeletions kept) {
        this.tar = tar;
        this.overlayFormat = overlayFormat;
        this.opaque = opaque;
        this.kept = kept;
        for (String path : kept.whiteouts()) {
            int slash = path.lastIndexOf('/');
            keptWhiteoutsByDir.computeIfAbsent(path.substring(0, slash + 1), d -> new TreeSet<>())
                    .add(path.substring(slash + 1));
        }
    }

    /** Writes the changes of {@code upper} (over {@code lower} when not null). */
    void root(Path upper, Path lower) throws IOException {
        if (opaque.contains(upper) || kept.opaqueDirs().contains("")) {
            write(marker(OPAQUE), null);
            lower = null;
        }
        children(upper, lower, "");
    }

    private void children(Path upperDir, Path lowerDir, String prefix) throws IOException {
        var names = new TreeSet<String>();
        list(upperDir, names);
        if (lowerDir != null) {
            list(lowerDir, names);
        }
        names.addAll(keptWhiteoutsByDir.getOrDefault(prefix, Set.of()));
        for (String name : names) {
            Path upper = upperDir.resolve(name);
            Path lower = lowerDir == null ? null : lowerDir.resolve(name);
            entry(upper, lower != null && Files.exists(lower, NOFOLLOW) ? lower : null, prefix + name);
        }
    }

    private static void list(Path dir, Set<String> names) throws IOException {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path child : stream) {
                names.add(child.getFileName().toString());
            }
        }
    }

    /** One path: {@code lower} is its counterpart in the tree compared with, null when there is none. */
    private void entry(Path upper, Path lower, String name) throws IOException {
        if (!Files.exists(upper, NOFOLLOW)) {
            if (lower != null || kept.whiteouts().contains(name)) {
                whiteout(name);
            }
            return;
        }
        int mode = PosixFiles.mode(upper);
        int type = mode & PosixFiles.S_IFMT;
        if (overlayFormat && type == PosixFiles.S_IFCHR && PosixFiles.rdev(upper) == 0) {
            whiteout(name);
            return;
        }
        boolean unchanged = lower != null && EntryComparison.same(upper, lower);
        if (type != PosixFiles.S_IFDIR) {
            if (!unchanged) {
                write(header(upper, name, mode), type == PosixFiles.S_IFREG ? upper : null);
            }
            return;
        }
        boolean markOpaque = opaque.contains(upper) || kept.opaqueDirs().contains(name);
        // Below an opaque marker nothing of the lower tree is left, so everything here is written.
        Path childLower = lower != null && !markOpaque && Files.isDirectory(lower, NOFOLLOW) ? lower : null;
        var dir = new PendingDir(upper, name);
        pending.push(dir);
        try {
            if (!unchanged || markOpaque) {
                flush();
            }
            if (markOpaque) {
                write(marker(name + "/" + OPAQUE), null);
            }
            children(upper, childLower, name + "/");
        } finally {
            pending.pop();
        }
    }

    private void whiteout(String name) throws IOException {
        int slash = name.lastIndexOf('/');
        write(marker(name.substring(0, slash + 1) + ".wh." + name.substring(slash + 1)), null);
    }

    /** Writes the headers of the directories above the next entry that are not written yet, outermost first. */
    private void flush() throws IOException {
        for (Iterator<PendingDir> it = pending.descendingIterator(); it.hasNext(); ) {
            PendingDir dir = it.next();
            if (!dir.written) {
                dir.written = true;
                tar.putArchiveEntry(header(dir.path, dir.name, PosixFiles.mode(dir.path)));
                tar.closeArchiveEntry();
            }
        }
    }

    private TarArchiveEntry header(Path path, String name, int mode) throws IOException {
        int type = mode & PosixFiles.S_IFMT;
        TarArchiveEntry header;
        switch (type) {
            case PosixFiles.S_IFDIR -> header = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
            case PosixFiles.S_IFLNK -> {
                header = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                header.setLinkName(Files.readSymbolicLink(path).toString());
            }
            case PosixFiles.S_IFREG -> {
                String first = PosixFiles.nlink(path) > 1
                        ? firstLinkByInode.putIfAbsent(PosixFiles.inode(path), name) : null;
                if (first != null) {
                    header = new TarArchiveEntry(name, TarConstants.LF_LINK);
                    header.setLinkName(first);
                } else {
                    header = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
                    header.setSize(Files.size(path));
                }
            }
            case PosixFiles.S_IFCHR, PosixFiles.S_IFBLK -> {
                header = new TarArchiveEntry(name,
                        type == PosixFiles.S_IFCHR ? TarConstants.LF_CHR : TarConstants.LF_BLK);
                long rdev = PosixFiles.rdev(path);
                header.setDevMajor(PosixFiles.major(rdev));
                header.setDevMinor(PosixFiles.minor(rdev));
            }
            case PosixFiles.S_IFIFO -> header = new TarArchiveEntry(name, TarConstants.LF_FIFO);
            default -> {
                return null; // sockets are not part of an image
            }
        }
        header.setMode(mode & 07777);
        header.setIds(PosixFiles.uid(path), PosixFiles.gid(path));
        header.setUserName("");
        header.setGroupName("");
        header.setModTime(Files.getLastModifiedTime(path, NOFOLLOW));
        return header;
    }

    private static TarArchiveEntry marker(String name) {
        var header = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
        header.setMode(0);
        header.setIds(0, 0);
        header.setModTime(EPOCH);
        return header;
    }

    /** Writes one entry after its parents; {@code content} is the file whose bytes follow a regular header. */
    private void write(TarArchiveEntry header, Path content) throws IOException {
        if (header == null) {
            return;
        }
        flush();
        tar.putArchiveEntry(header);
        if (content != null && header.getLinkFlag() == TarConstants.LF_NORMAL) {
            Files.copy(content, tar);
        }
        tar.closeArchiveEntry();
    }
}
