package org.jbuildkit.daemon.worker.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.jbuildkit.registry.image.Digest;

/**
 * Writes changes as an uncompressed OCI layer tar: entries in byte order of their paths, parents first,
 * deletions as {@code .wh.} files and opaque directories as {@code .wh..wh..opq}. The changes are either an
 * overlay upper dir (its whiteout devices and opaque xattrs become those markers), a whole tree, or what
 * differs between two trees (added and changed entries, whiteouts for what is gone).
 */
public final class LayerDiffer {
    private LayerDiffer() {
    }

    /**
     * The changes an active snapshot made: its upper dir over its lower dirs, or its whole tree when it has
     * none. Writes the tar to {@code out} (left open) and returns its digest, the new layer's diffID.
     */
    public static Digest diff(ActiveSnapshot snapshot, OutputStream out) throws IOException {
        return write(snapshot.upperDir(), null, !snapshot.lowerDirs().isEmpty(), LayerDeletions.none(), out);
    }

    /**
     * The changes that turn the tree at {@code lower} into the tree at {@code upper} (two mounted snapshots,
     * say): entries of upper that lower lacks or has with other content or metadata, and a whiteout for each
     * entry of lower that upper lacks. Symlinks are compared as links and never followed.
     */
    public static Digest compare(Path lower, Path upper, OutputStream out) throws IOException {
        for (Path root : new Path[] {lower, upper}) {
            if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                throw new SnapshotException("cannot compare " + lower + " with " + upper + ": " + root
                        + " is not a directory");
            }
        }
        return write(upper, lower, false, LayerDeletions.none(), out);
    }

    /**
     * The general form: the entries of {@code upper}, compared with {@code lower} when it is not null,
     * read as an overlay upper dir when {@code overlayFormat}, plus the {@code kept} deletions.
     */
    static Digest write(Path upper, Path lower, boolean overlayFormat, LayerDeletions kept, OutputStream out)
            throws IOException {
        Set<Path> opaque = overlayFormat ? Xattrs.opaqueDirs(upper) : Set.of();
        MessageDigest hash = Digest.sha256Digester();
        var tar = new TarArchiveOutputStream(new DigestOutputStream(new NonClosingOutputStream(out), hash));
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        new LayerTarWriter(tar, overlayFormat, opaque, kept).root(upper, lower);
        tar.finish();
        tar.close();
        return Digest.ofSha256(hash);
    }
}
