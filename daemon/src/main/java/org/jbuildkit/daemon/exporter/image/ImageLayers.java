package org.jbuildkit.daemon.exporter.image;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;
import org.jbuildkit.daemon.worker.content.ContentStore;
import org.jbuildkit.daemon.worker.content.ContentWriter;
import org.jbuildkit.daemon.worker.metadata.LayerBlob;
import org.jbuildkit.daemon.worker.metadata.LayerBlobIndex;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.MediaTypes;
import org.jbuildkit.registry.image.MediaTypes.Compression;

/**
 * The layers of a snapshot chain as blobs in the content store, one per snapshot (its diff from its parent),
 * base first. A snapshot that already has a blob (the one a pulled layer came from, or an earlier export's) is
 * reused as it is unless {@code force-compression} asks for another compression, and then that blob is
 * recompressed, keeping its diff ID. The others are written, compressed and hashed in one pass, all at once on the
 * executor, then verified into the store. With {@code rewrite-timestamp} the layers made here have their times
 * clamped to {@code SOURCE_DATE_EPOCH}.
 */
final class ImageLayers {
    private final Snapshotter snapshotter;
    private final ContentStore content;
    private final LayerBlobIndex blobs;
    private final Path tempDir;
    private final Executor executor;
    /** Blobs this class made from snapshot diffs (as opposed to pulled ones): never reused when rewriting times. */
    private final Set<Digest> made = ConcurrentHashMap.newKeySet();
    /** Blobs made with {@code rewrite-timestamp}, per snapshot, epoch and compression. */
    private final Map<RewrittenKey, LayerBlob> rewritten = new ConcurrentHashMap<>();

    private record RewrittenKey(SnapshotId snapshot, long epochSeconds, LayerCompression compression) {
    }

    ImageLayers(Snapshotter snapshotter, ContentStore content, LayerBlobIndex blobs, Path tempDir, Executor executor) {
        this.snapshotter = snapshotter;
        this.content = content;
        this.blobs = blobs;
        this.tempDir = tempDir;
        this.executor = executor;
    }

    /** The chain below and including {@code top}, base first. */
    List<SnapshotId> chain(SnapshotId top) throws IOException {
        List<SnapshotId> chain = new ArrayList<>();
        Optional<SnapshotId> next = Optional.of(top);
        while (next.isPresent()) {
            chain.add(0, next.get());
            next = snapshotter.parent(next.get());
        }
        return chain;
    }

    /** One blob per snapshot of {@code chain}, in order. */
    List<LayerBlob> blobs(List<SnapshotId> chain, LayerCompression compression, BooleanSupplier cancelled)
            throws IOException {
        return blobs(chain, compression, null, cancelled);
    }

    /**
     * One blob per snapshot of {@code chain}, in order; with {@code rewriteEpoch} the layers made here have every
     * time after it clamped to it (pulled blobs are still used as they are).
     */
    List<LayerBlob> blobs(List<SnapshotId> chain, LayerCompression compression, Long rewriteEpoch,
            BooleanSupplier cancelled) throws IOException {
        List<CompletableFuture<LayerBlob>> running = new ArrayList<>();
        for (SnapshotId snapshot : chain) {
            running.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return blob(snapshot, compression, rewriteEpoch, cancelled);
                } catch (IOException e) {
                    throw new CompletionException(e);
                }
            }, executor));
        }
        List<LayerBlob> result = new ArrayList<>();
        for (CompletableFuture<LayerBlob> layer : running) {
            try {
                result.add(layer.join());
            } catch (CompletionException e) {
                running.forEach(r -> r.cancel(false));
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw e;
            }
        }
        return result;
    }

    private LayerBlob blob(SnapshotId snapshot, LayerCompression compression, Long rewriteEpoch,
            BooleanSupplier cancelled) throws IOException {
        List<LayerBlob> known = blobs.blobs(snapshot);
        if (rewriteEpoch != null) {
            known = known.stream().filter(b -> !made.contains(b.blob().digest())).toList();
            LayerBlob done = rewritten.get(new RewrittenKey(snapshot, rewriteEpoch, compression));
            if (done != null && content.exists(done.blob().digest())) {
                return done;
            }
        }
        Optional<LayerBlob> existing = reusable(known, compression);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("the build was cancelled");
        }
        Optional<LayerBlob> source = stored(known);
        if (source.isPresent()) {
            // force-compression: the same tar in another compression, so the diff ID stays the blob's own.
            LayerBlob converted = convert(snapshot, source.get(), compression);
            if (made.contains(source.get().blob().digest())) {
                made.add(converted.blob().digest());
            }
            blobs.record(snapshot, converted);
            return converted;
        }
        LayerBlob blob = rewriteEpoch == null ? make(snapshot, compression) : makeClamped(snapshot, compression,
                rewriteEpoch);
        made.add(blob.blob().digest());
        if (rewriteEpoch == null) {
            blobs.record(snapshot, blob);
        } else {
            rewritten.put(new RewrittenKey(snapshot, rewriteEpoch, compression), blob);
        }
        return blob;
    }

    private Optional<LayerBlob> stored(List<LayerBlob> known) throws IOException {
        for (LayerBlob blob : known) {
            if (content.exists(blob.blob().digest())) {
                return Optional.of(blob);
            }
        }
        return Optional.empty();
    }

    /** Recompresses a stored blob of the snapshot, checking that it still holds the tar of its diff ID. */
    private LayerBlob convert(SnapshotId snapshot, LayerBlob source, LayerCompression compression)
            throws IOException {
        Path temp = Files.createTempFile(tempDir, "layer-" + snapshot + "-", ".partial");
        try {
            MessageDigest hash = Digest.sha256Digester();
            MessageDigest diffHash = Digest.sha256Digester();
            CountingOutputStream counted;
            try (InputStream raw = content.open(source.blob().digest());
                    InputStream tar = decompress(new BufferedInputStream(raw, 1 << 16), source.blob().mediaType());
                    OutputStream file = Files.newOutputStream(temp);
                    OutputStream compressed = compression.compress(
                            counted = new CountingOutputStream(new DigestOutputStream(file, hash)))) {
                new DigestInputStream(tar, diffHash).transferTo(compressed);
            }
            Digest diffId = Digest.ofSha256(diffHash);
            if (!diffId.equals(source.diffId())) {
                throw new IOException("layer blob " + source.blob().digest() + " of snapshot " + snapshot
                        + " decompresses to diff ID " + diffId + ", not " + source.diffId() + " as recorded; prune the"
                        + " build cache (buildctl prune) and build again");
            }
            Descriptor descriptor = Descriptor.of(compression.mediaType(true), Digest.ofSha256(hash), counted.count());
            store(descriptor, temp, snapshot);
            return new LayerBlob(descriptor, diffId);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static InputStream decompress(InputStream blob, String mediaType) throws IOException {
        return switch (MediaTypes.compressionOf(mediaType)) {
            case GZIP -> new GZIPInputStream(blob, 1 << 16);
            case ZSTD -> new ZstdInputStream(blob);
            case UNCOMPRESSED -> blob;
        };
    }

    /** Compresses the snapshot's diff into the store in one pass. */
    private LayerBlob make(SnapshotId snapshot, LayerCompression compression) throws IOException {
        Path temp = Files.createTempFile(tempDir, "layer-" + snapshot + "-", ".partial");
        try {
            MessageDigest hash = Digest.sha256Digester();
            Digest diffId;
            CountingOutputStream counted;
            try (OutputStream file = Files.newOutputStream(temp);
                    OutputStream compressed = compression.compress(
                            counted = new CountingOutputStream(new DigestOutputStream(file, hash)))) {
                diffId = snapshotter.writeLayer(snapshot, compressed);
            }
            Descriptor descriptor = Descriptor.of(compression.mediaType(true), Digest.ofSha256(hash), counted.count());
            store(descriptor, temp, snapshot);
            return new LayerBlob(descriptor, diffId);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Writes the diff uncompressed, then its copy with clamped times compressed into the store. */
    private LayerBlob makeClamped(SnapshotId snapshot, LayerCompression compression, long epochSeconds)
            throws IOException {
        Path raw = Files.createTempFile(tempDir, "layer-" + snapshot + "-", ".tar");
        Path temp = Files.createTempFile(tempDir, "layer-" + snapshot + "-", ".partial");
        try {
            try (OutputStream file = Files.newOutputStream(raw)) {
                snapshotter.writeLayer(snapshot, file);
            }
            MessageDigest hash = Digest.sha256Digester();
            Digest diffId;
            CountingOutputStream counted;
            try (InputStream in = Files.newInputStream(raw);
                    OutputStream file = Files.newOutputStream(temp);
                    OutputStream compressed = compression.compress(
                            counted = new CountingOutputStream(new DigestOutputStream(file, hash)))) {
                diffId = LayerTimestamps.clamp(new BufferedInputStream(in, 1 << 16), compressed,
                        epochSeconds);
            }
            Descriptor descriptor = Descriptor.of(compression.mediaType(true), Digest.ofSha256(hash), counted.count());
            store(descriptor, temp, snapshot);
            return new LayerBlob(descriptor, diffId);
        } finally {
            Files.deleteIfExists(raw);
            Files.deleteIfExists(temp);
        }
    }

    /** A known blob still in the store: in the asked compression, or in any unless compression is forced. */
    private Optional<LayerBlob> reusable(List<LayerBlob> known, LayerCompression compression) throws IOException {
        LayerBlob fallback = null;
        for (LayerBlob blob : known) {
            if (!content.exists(blob.blob().digest())) {
                continue;
            }
            Compression type = MediaTypes.compressionOf(blob.blob().mediaType());
            if (type == compression.type()) {
                return Optional.of(blob);
            }
            if (fallback == null && !compression.force()) {
                fallback = blob;
            }
        }
        return Optional.ofNullable(fallback);
    }

    private void store(Descriptor descriptor, Path temp, SnapshotId snapshot) throws IOException {
        if (content.exists(descriptor.digest())) {
            return;
        }
        try (ContentWriter writer = content.writer(descriptor, "layer export of snapshot " + snapshot);
                FileChannel in = FileChannel.open(temp, StandardOpenOption.READ)) {
            long position = 0;
            long size = in.size();
            while (position < size) {
                position += in.transferTo(position, size - position, writer);
            }
            writer.commit();
        }
    }

    /** Counts the compressed bytes on their way to the file. */
    private static final class CountingOutputStream extends FilterOutputStream {
        private long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        long count() {
            return count;
        }
    }
}
