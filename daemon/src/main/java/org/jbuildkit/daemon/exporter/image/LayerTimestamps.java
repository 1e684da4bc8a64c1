package org.jbuildkit.daemon.exporter.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Date;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.jbuildkit.daemon.worker.snapshot.NonClosingOutputStream;
import org.jbuildkit.registry.image.Digest;

/**
 * {@code rewrite-timestamp=true}: a layer tar copied with every modification time later than
 * {@code SOURCE_DATE_EPOCH} set to it, as upstream rewrites layers so that the same files give the same layer on any
 * daemon at any time. Entries, their order, names, modes, owners, links and contents are kept as they are.
 */
final class LayerTimestamps {
    private LayerTimestamps() {
    }

    /** Copies {@code tar} to {@code out} (left open) with times clamped; returns the copy's diff ID. */
    static Digest clamp(InputStream tar, OutputStream out, long epochSeconds) throws IOException {
        MessageDigest hash = Digest.sha256Digester();
        Date epoch = new Date(epochSeconds * 1000);
        TarArchiveInputStream in = new TarArchiveInputStream(tar);
        TarArchiveOutputStream copy = new TarArchiveOutputStream(new DigestOutputStream(new NonClosingOutputStream(out), hash));
        copy.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        copy.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        TarArchiveEntry entry;
        while ((entry = in.getNextEntry()) != null) {
            if (entry.getModTime().getTime() > epoch.getTime()) {
                entry.setModTime(epoch);
            }
            copy.putArchiveEntry(entry);
            if (entry.isFile() && !entry.isLink()) {
                in.transferTo(copy);
            }
            copy.closeArchiveEntry();
        }
        copy.finish();
        copy.close();
        return Digest.ofSha256(hash);
    }
}
