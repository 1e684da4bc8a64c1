package org.jbuildkit.daemon.worker.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.jbuildkit.registry.image.Digest;

/**
 * Writes the changes an active overlay snapshot made (its upper dir) as an uncompressed OCI layer tar:
 * entries in byte order of their paths, parents first, overlay whiteouts turned into {@code .wh.} files
 * and opaque directories into {@code .wh..wh..opq}. For a snapshot without lower dirs the tar is its whole tree.
 */
public final class LayerDiffer {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final FileTime EPOCH = FileTime.fromMillis(0);

    private LayerDiffer() {
    }

    /** Writes the tar to {@code out} (left open) and returns its digest, the new layer's diffID. */
    public static Digest diff(ActiveSnapshot snapshot, OutputStream out) throws IOException {
        Path upper = snapshot.upperDir();
        boolean overlay = !snapshot.lowerDirs().isEmpty();
        Set<Path> opaque = overlay ? Xattrs.opaqueDirs(upper) : Set.of();
        MessageDigest hash = Digest.sha256Digester();
        var tar = new TarArchiveOutputStream(new DigestOutputStream(new NonClosingOutputStream(out), hash));
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        var writer = new Writer(tar, overlay, opaque);
        writer.children(upper, "");
        tar.finish();
        tar.close();
        return Digest.ofSha256(hash);
    }

    private static final class Writer {
        private final TarArchiveOutputStream tar;
        private final boolean overlay;
        private final Set<Path> opaque;
        private final Map<Long, String> firstLinkByInode = new HashMap<>();

        Writer(TarArchiveOutputStream tar, boolean overlay, Set<Path> opaque) {
            this.tar = tar;
            this.overlay = overlay;
            this.opaque = opaque;
        }

        void children(Path dir, String prefix) throws IOException {
            List<Path> entries = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
                stream.forEach(entries::add);
            }
            entries.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
            for (Path child : entries) {
                entry(child, prefix + child.getFileName());
            }
        }

        private void entry(Path path, String name) throws IOException {
            int mode = PosixFiles.mode(path);
            int type = mode & PosixFiles.S_IFMT;
            if (overlay && type == PosixFiles.S_IFCHR && PosixFiles.rdev(path) == 0) {
                int slash = name.lastIndexOf('/');
                String whiteout = name.substring(0, slash + 1) + ".wh." + name.substring(slash + 1);
                write(marker(whiteout), null);
                return;
            }
            TarArchiveEntry header;
            Path content = null;
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
                        content = path;
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
                    return; // sockets are not part of an image
                }
            }
            header.setMode(mode & 07777);
            header.setIds(PosixFiles.uid(path), PosixFiles.gid(path));
            header.setUserName("");
            header.setGroupName("");
            header.setModTime(Files.getLastModifiedTime(path, NOFOLLOW));
            write(header, content);
            if (type == PosixFiles.S_IFDIR) {
                if (opaque.contains(path)) {
                    write(marker(name + "/.wh..wh..opq"), null);
                }
                children(path, name + "/");
            }
        }

        private TarArchiveEntry marker(String name) {
            var header = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
            header.setMode(0);
            header.setIds(0, 0);
            header.setModTime(EPOCH);
            return header;
        }

        private void write(TarArchiveEntry header, Path content) throws IOException {
            tar.putArchiveEntry(header);
            if (content != null) {
                Files.copy(content, tar);
            }
            tar.closeArchiveEntry();
        }
    }
}
