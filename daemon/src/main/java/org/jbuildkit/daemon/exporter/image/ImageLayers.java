package org.jbuildkit.daemon.exporter.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.jbuildkit.daemon.worker.content.ContentStore;
import org.jbuildkit.daemon.worker.content.ContentWriter;
import org.jbuildkit.daemon.worker.metadata.LayerBlob;
import org.jbuildkit.daemon.worker.metadata.LayerBlobIndex;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.MediaTypes.Compression;

/**
 * The layers of a snapshot chain as blobs in the content store, one per snapshot (its diff from its parent),
 * base first. A snapshot that already has a blob (the one a pulled layer came from, or an earlier export's) is
 * reused as it is unless {@code force-compression} asks for another compression; the others are written,
 * compressed and hashed in one pass, all at once on the executor, then verified into the store.
 */
final class ImageLayers {
    private final Snapshotter snapshotter;
    private final ContentStore content;
    private final LayerBlobIndex blobs;
    private final Path tempDir;
    private final Executor executor;

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
        List<CompletableFuture<LayerBlob>> running = new ArrayList<>();
        for (SnapshotId snapshot : chain) {
            running.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return blob(snapshot, compression, cancelled);
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

    private LayerBlob blob(SnapshotId snapshot, LayerCompression compression, BooleanSupplier cancelled)
            throws IOException {
        Optional<LayerBlob> existing = reusable(blobs.blobs(snapshot), compression);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("the build was cancelled");
        }
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
            LayerBlob blob = new LayerBlob(descriptor, diffId);
            blobs.record(snapshot, blob);
            return blob;
        } finally {
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
            Compression type = org.jbuildkit.registry.image.MediaTypes.compressionOf(blob.blob().mediaType());
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
    private static final class CountingOutputStream extends java.io.FilterOutputStream {
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
