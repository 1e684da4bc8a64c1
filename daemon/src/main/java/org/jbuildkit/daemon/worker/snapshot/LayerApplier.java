package org.jbuildkit.daemon.worker.snapshot;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.MediaTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks an OCI/Docker layer tar (plain or gzip, streamed) onto an active snapshot, honouring whiteouts and
 * opaque directories: as overlayfs whiteouts when the snapshot stacks on lower dirs, by deleting otherwise.
 * Computes the diffID on the way and refuses the whole layer when any entry would escape the root.
 */
public final class LayerApplier {
    private static final Logger LOG = LoggerFactory.getLogger(LayerApplier.class);
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private LayerApplier() {
    }

    /**
     * Prepares {@code key} on {@code parent}, unpacks the layer into it and commits it. On any failure the
     * partly unpacked snapshot is removed and nothing of it stays on disk.
     *
     * @param expectedDiffId the diffID from the image config, or null to skip the check
     */
    public static SnapshotId unpack(Snapshotter snapshotter, String key, SnapshotId parent, Descriptor layer,
            Digest expectedDiffId, InputStream blob) throws IOException {
        ActiveSnapshot active = snapshotter.prepare(key, parent);
        try {
            apply(active, layer, expectedDiffId, blob);
            return snapshotter.commit(key);
        } catch (IOException | RuntimeException e) {
            try {
                snapshotter.remove(key);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Unpacks the layer blob onto {@code target}. The caller discards the snapshot when this throws.
     *
     * @param expectedDiffId the diffID from the image config, or null to skip the check
     */
    public static AppliedLayer apply(ActiveSnapshot target, Descriptor layer, Digest expectedDiffId, InputStream blob)
            throws IOException {
        String name = layer.digest().toString();
        MessageDigest compressedHash = layer.digest().newDigester();
        MessageDigest diffHash = Digest.sha256Digester();
        var raw = new CountingInputStream(new DigestInputStream(blob, compressedHash));
        var buffered = new BufferedInputStream(raw, 64 * 1024);
        InputStream tar = switch (sniff(buffered)) {
            case GZIP -> new GZIPInputStream(buffered, 64 * 1024);
            case ZSTD -> new com.github.luben.zstd.ZstdInputStream(buffered);
            case UNCOMPRESSED -> buffered;
        };
        var uncompressed = new CountingInputStream(new DigestInputStream(tar, diffHash));
        long entries = unpackTar(new LayerTree(target.upperDir(), target.lowerDirs()), name, uncompressed,
                new LayerDeletions.Collector());
        uncompressed.transferTo(OutputStream.nullOutputStream());
        raw.transferTo(OutputStream.nullOutputStream());
        Digest blobDigest = new Digest(layer.digest().algorithm(),
                java.util.HexFormat.of().formatHex(compressedHash.digest()));
        if (!blobDigest.equals(layer.digest())) {
            throw new LayerApplyException("layer blob hashes to " + blobDigest + " but its descriptor says " + name
                    + "; the stored blob is corrupt: delete it and pull again");
        }
        Digest diffId = Digest.ofSha256(diffHash);
        if (expectedDiffId != null && !expectedDiffId.equals(diffId)) {
            throw new DiffIdMismatchException(name, expectedDiffId, diffId);
        }
        return new AppliedLayer(diffId, uncompressed.count(), entries);
    }

    /**
     * Unpacks an uncompressed layer tar made by this daemon (a snapshot's {@link Snapshotter#writeLayer}) onto
     * {@code target}, with the same checks as a pulled layer but no descriptor to verify; every whiteout and
     * opaque directory it names goes to {@code deletions}. The caller discards the snapshot when this throws.
     */
    static AppliedLayer applyTar(ActiveSnapshot target, String name, InputStream tar,
            LayerDeletions.Collector deletions) throws IOException {
        MessageDigest diffHash = Digest.sha256Digester();
        var uncompressed = new CountingInputStream(new DigestInputStream(tar, diffHash));
        long entries = unpackTar(new LayerTree(target.upperDir(), target.lowerDirs()), name, uncompressed, deletions);
        uncompressed.transferTo(OutputStream.nullOutputStream());
        return new AppliedLayer(Digest.ofSha256(diffHash), uncompressed.count(), entries);
    }

    private static MediaTypes.Compression sniff(BufferedInputStream in) throws IOException {
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return MediaTypes.Compression.GZIP;
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
            return MediaTypes.Compression.ZSTD;
        }
        return MediaTypes.Compression.UNCOMPRESSED;
    }

    private record DirTime(Path dir, FileTime mtime) {}

    private static long unpackTar(LayerTree tree, String layer, InputStream in, LayerDeletions.Collector deletions)
            throws IOException {
        // Closing the tar stream would close the digesting stream before it is drained.
        var tar = new TarArchiveInputStream(new NonClosingInputStream(in));
        var dirTimes = new ArrayList<DirTime>();
        long count = 0;
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            count++;
            try {
                applyEntry(tree, tar, entry, dirTimes, deletions);
            } catch (LayerTree.Escape e) {
                throw new LayerPathEscapeException(layer, entry.getName(), e.getMessage());
            } catch (InvalidPathException e) {
                throw new LayerPathEscapeException(layer, entry.getName(), "invalid path: " + e.getReason());
            } catch (LayerApplyException e) {
                throw e;
            } catch (IOException e) {
                throw new LayerApplyException("layer " + layer + ": cannot unpack entry '" + entry.getName() + "': "
                        + e.getMessage(), e);
            }
        }
        // Creating children bumps a directory's mtime, so directory times are set once everything is in place.
        for (int i = dirTimes.size() - 1; i >= 0; i--) {
            DirTime t = dirTimes.get(i);
            if (Files.isDirectory(t.dir(), NOFOLLOW)) {
                PosixFiles.setMtime(t.dir(), t.mtime());
            }
        }
        return count;
    }

    private static void applyEntry(LayerTree tree, InputStream data, TarArchiveEntry entry, List<DirTime> dirTimes,
            LayerDeletions.Collector deletions) throws IOException, LayerTree.Escape {
        List<String> names = LayerTree.clean(entry.getName());
        List<String> parentNames = names.isEmpty() ? List.of() : names.subList(0, names.size() - 1);
        String base = names.isEmpty() ? "" : names.get(names.size() - 1);
        if (base.equals(OPAQUE)) {
            Optional<List<String>> dir = tree.resolveDir(parentNames, false);
            if (dir.isPresent()) {
                tree.opaque(dir.get());
                deletions.opaque(LayerTree.join(dir.get()));
            }
            return;
        }
        if (base.startsWith(WHITEOUT + WHITEOUT)) {
            LOG.debug("skipping aufs metadata entry {}", entry.getName());
            return;
        }
        if (base.startsWith(WHITEOUT)) {
            String hidden = base.substring(WHITEOUT.length());
            if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
                throw new LayerTree.Escape("whiteout of '" + hidden + "'");
            }
            Optional<List<String>> dir = tree.resolveDir(parentNames, false);
            if (dir.isPresent()) {
                tree.whiteout(dir.get(), hidden);
                deletions.whiteout(dir.get().isEmpty() ? hidden : LayerTree.join(dir.get()) + "/" + hidden);
            }
            return;
        }
        List<String> resolvedParent = tree.resolveDir(parentNames, true).orElseThrow();
        List<String> resolved = new ArrayList<>(resolvedParent);
        if (!names.isEmpty()) {
            resolved.add(base);
        }
        if (entry.isLink()) {
            List<String> linkNames = LayerTree.clean(entry.getLinkName());
            if (linkNames.isEmpty()) {
                throw new LayerTree.Escape("hardlink to the root directory");
            }
            Optional<List<String>> linkParent = tree.resolveDir(linkNames.subList(0, linkNames.size() - 1), false);
            Optional<Path> source = linkParent.isEmpty() ? Optional.empty()
                    : tree.linkSource(linkParent.get(), linkNames.get(linkNames.size() - 1));
            if (source.isEmpty()) {
                throw new IOException("hardlink target '" + entry.getLinkName() + "' is not a file in this layer"
                        + " or below");
            }
            Path path = tree.prepareEntry(resolved, false);
            if (!path.equals(source.get())) {
                Files.createLink(path, source.get());
            }
            return;
        }
        Path path = tree.prepareEntry(resolved, entry.isDirectory());
        if (entry.isDirectory()) {
            if (!Files.isDirectory(path, NOFOLLOW)) {
                Files.createDirectory(path);
            }
        } else if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            int type = entry.isFIFO() ? PosixFiles.S_IFIFO
                    : entry.isCharacterDevice() ? PosixFiles.S_IFCHR : PosixFiles.S_IFBLK;
            try {
                PosixFiles.mknod(path, type, entry.getDevMajor(), entry.getDevMinor());
            } catch (IOException e) {
                LOG.warn("skipping device or fifo {}: {}", entry.getName(), e.getMessage());
                return;
            }
        } else if (entry.isFile()) {
            Files.copy(data, path);
        } else {
            LOG.warn("skipping tar entry {} of unsupported type '{}'", entry.getName(), (char) entry.getLinkFlag());
            return;
        }
        PosixFiles.chown(path, (int) entry.getLongUserId(), (int) entry.getLongGroupId());
        if (!entry.isSymbolicLink()) {
            // After chown, which clears setuid and setgid.
            PosixFiles.chmod(path, entry.getMode());
        }
        FileTime mtime = FileTime.from(entry.getModTime().toInstant());
        if (entry.isDirectory()) {
            dirTimes.add(new DirTime(path, mtime));
        } else {
            PosixFiles.setMtime(path, mtime);
        }
    }
}
