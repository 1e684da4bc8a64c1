package org.jbuildkit.daemon.exporter;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.jbuildkit.api.fsutil.Stat;
import org.jbuildkit.session.filesync.GoFileMode;
import org.jbuildkit.session.filesync.TreeWalk;

/**
 * A file tree as one tar, entry for entry what fsutil's {@code WriteTar} makes of the same walk:
 * relative names (directories ending in {@code /}, no entry for the root), mode bits without the
 * type, owners by number only, mtimes rounded to the second, hardlinks as links to the first path,
 * user xattrs as {@code SCHILY.xattr.} PAX records, long names and big numbers as PAX.
 */
final class TreeTarWriter {
    private TreeTarWriter() {
    }

    /** Writes the tar of {@code root} to {@code out}, which is left open. */
    static void write(Path root, TreeWalk walk, OutputStream out, BooleanSupplier cancelled) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out,
                StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        walk.walk(root, (file, stat) -> {
            if (cancelled.getAsBoolean()) {
                throw new IOException("the export was cancelled");
            }
            TarArchiveEntry entry = entry(stat);
            tar.putArchiveEntry(entry);
            if (entry.isFile() && !entry.isLink() && entry.getSize() > 0) {
                Files.copy(file, tar);
            }
            tar.closeArchiveEntry();
        });
        // finish(), not close(): closing the caller's stream is what commits the transfer.
        tar.finish();
        tar.flush();
    }

    static TarArchiveEntry entry(Stat stat) {
        int mode = stat.getMode();
        String name = stat.getPath();
        TarArchiveEntry entry;
        if (GoFileMode.isDir(mode)) {
            entry = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
        } else if (GoFileMode.isSymlink(mode)) {
            entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            entry.setLinkName(stat.getLinkname());
        } else if ((mode & GoFileMode.DEVICE) != 0) {
            entry = new TarArchiveEntry(name, (mode & GoFileMode.CHAR_DEVICE) != 0 ? TarConstants.LF_CHR
                    : TarConstants.LF_BLK);
            entry.setDevMajor((int) stat.getDevmajor());
            entry.setDevMinor((int) stat.getDevminor());
        } else if ((mode & GoFileMode.NAMED_PIPE) != 0) {
            entry = new TarArchiveEntry(name, TarConstants.LF_FIFO);
        } else if (!stat.getLinkname().isEmpty()) {
            entry = new TarArchiveEntry(name, TarConstants.LF_LINK);
            entry.setLinkName(stat.getLinkname());
        } else {
            entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
            entry.setSize(stat.getSize());
        }
        entry.setMode(GoFileMode.posixPermissions(mode));
        entry.setIds(stat.getUid(), stat.getGid());
        entry.setUserName("");
        entry.setGroupName("");
        entry.setModTime(FileTime.from(roundedSeconds(stat.getModTime()), TimeUnit.SECONDS));
        for (Map.Entry<String, ByteString> xattr : stat.getXattrsMap().entrySet()) {
            entry.addPaxHeader("SCHILY.xattr." + xattr.getKey(), xattr.getValue().toStringUtf8());
        }
        return entry;
    }

    /** Go's {@code time.Round(time.Second)}: halves away from zero. */
    static long roundedSeconds(long unixNanos) {
        long half = 500_000_000L;
        return unixNanos >= 0 ? (unixNanos + half) / 1_000_000_000L : -((-unixNanos + half) / 1_000_000_000L);
    }
}
