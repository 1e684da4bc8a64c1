package org.jbuildkit.daemon.exporter.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import org.jbuildkit.daemon.worker.content.LocalContentStore;
import org.jbuildkit.daemon.worker.metadata.LayerBlob;
import org.jbuildkit.daemon.worker.metadata.LayerBlobIndex;
import org.jbuildkit.daemon.worker.snapshot.ActiveSnapshot;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;
import org.jbuildkit.daemon.worker.snapshot.SnapshotterSelector;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.MediaTypes;
import org.jbuildkit.registry.image.MediaTypes.Compression;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layers from a real native snapshotter's chain into a real content store. */
class ImageLayersTest {
    @TempDir
    Path tmp;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private Snapshotter snapshotter;
    private LocalContentStore content;
    private LayerBlobIndex index;
    private ImageLayers layers;

    @BeforeEach
    void setUp() throws IOException {
        snapshotter = SnapshotterSelector.forConfig("native", tmp.resolve("root"));
        content = LocalContentStore.open(tmp.resolve("root"));
        index = new LayerBlobIndex();
        layers = new ImageLayers(snapshotter, content, index, Files.createDirectories(tmp.resolve("exports")),
                executor);
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    private SnapshotId chain() throws IOException {
        ActiveSnapshot base = snapshotter.prepare("base", null);
        Files.writeString(base.upperDir().resolve("a"), "base file\n");
        SnapshotId baseId = snapshotter.commit("base");
        ActiveSnapshot top = snapshotter.prepare("top", baseId);
        Files.writeString(top.upperDir().resolve("b"), "top file\n".repeat(1000));
        return snapshotter.commit("top");
    }

    private Digest uncompressedDigest(Descriptor blob) throws Exception {
        MessageDigest hash = Digest.sha256Digester();
        try (InputStream raw = content.open(blob.digest());
                InputStream in = switch (MediaTypes.compressionOf(blob.mediaType())) {
                    case GZIP -> new GZIPInputStream(raw);
                    case ZSTD -> new ZstdInputStream(raw);
                    case UNCOMPRESSED -> raw;
                };
                InputStream hashing = new DigestInputStream(in, hash)) {
            hashing.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return Digest.ofSha256(hash);
    }

    private Digest storedDigest(Descriptor blob) throws Exception {
        try (InputStream in = content.open(blob.digest())) {
            return Digest.sha256(in.readAllBytes());
        }
    }

    @Test
    void eachSnapshotOfTheChainIsOneCompressedLayerWhoseContentMatchesItsDiffId() throws Exception {
        SnapshotId top = chain();
        List<SnapshotId> chain = layers.chain(top);
        assertThat(chain).hasSize(2).endsWith(top);

        List<LayerBlob> blobs = layers.blobs(chain, LayerCompression.DEFAULT, () -> false);

        assertThat(blobs).hasSize(2).allSatisfy(blob -> {
            assertThat(blob.blob().mediaType()).isEqualTo(MediaTypes.OCI_LAYER_GZIP);
            assertThat(storedDigest(blob.blob())).isEqualTo(blob.blob().digest());
            assertThat(content.info(blob.blob().digest()).orElseThrow().size()).isEqualTo(blob.blob().size());
            assertThat(uncompressedDigest(blob.blob())).isEqualTo(blob.diffId());
        });
        assertThat(blobs.get(0).diffId()).isNotEqualTo(blobs.get(1).diffId());
        assertThat(Files.list(tmp.resolve("exports"))).isEmpty();
    }

    @Test
    void aSecondExportReusesTheBlobsAndAnotherCompressionOnlyWhenForced() throws Exception {
        List<SnapshotId> chain = layers.chain(chain());
        List<LayerBlob> gzip = layers.blobs(chain, LayerCompression.DEFAULT, () -> false);

        assertThat(layers.blobs(chain, LayerCompression.DEFAULT, () -> false)).isEqualTo(gzip);
        assertThat(layers.blobs(chain, new LayerCompression(Compression.ZSTD, null, false), () -> false))
                .isEqualTo(gzip);

        List<LayerBlob> zstd = layers.blobs(chain, new LayerCompression(Compression.ZSTD, 5, true), () -> false);
        assertThat(zstd).allSatisfy(blob -> {
            assertThat(blob.blob().mediaType()).isEqualTo(MediaTypes.OCI_LAYER_ZSTD);
            assertThat(uncompressedDigest(blob.blob())).isEqualTo(blob.diffId());
        });
        assertThat(zstd).extracting(LayerBlob::diffId).isEqualTo(gzip.stream().map(LayerBlob::diffId).toList());

        List<LayerBlob> plain = layers.blobs(chain, new LayerCompression(Compression.UNCOMPRESSED, null, true),
                () -> false);
        assertThat(plain).allSatisfy(blob -> assertThat(blob.blob().digest()).isEqualTo(blob.diffId()));
    }

    @Test
    void aPulledLayersBlobIsUsedAsItIsNeverRecompressed() throws Exception {
        SnapshotId top = chain();
        SnapshotId base = snapshotter.parent(top).orElseThrow();
        byte[] pulled = "pretend this is the registry's gzip blob".getBytes();
        Descriptor blob = Descriptor.of(MediaTypes.DOCKER_LAYER_GZIP, Digest.sha256(pulled), pulled.length);
        try (var writer = content.writer(blob, "test")) {
            writer.write(java.nio.ByteBuffer.wrap(pulled));
            writer.commit();
        }
        Digest diffId = Digest.sha256("its diff id".getBytes());
        index.record(base, new LayerBlob(blob, diffId));

        List<LayerBlob> blobs = layers.blobs(layers.chain(top), LayerCompression.DEFAULT, () -> false);

        assertThat(blobs.get(0)).isEqualTo(new LayerBlob(blob, diffId));
        assertThat(blobs.get(1).blob().mediaType()).isEqualTo(MediaTypes.OCI_LAYER_GZIP);
    }

    @Test
    void aKnownBlobMissingFromTheStoreIsMadeAgain() throws Exception {
        List<SnapshotId> chain = layers.chain(chain());
        List<LayerBlob> first = layers.blobs(chain, LayerCompression.DEFAULT, () -> false);
        content.delete(first.get(1).blob().digest());

        List<LayerBlob> again = layers.blobs(chain, LayerCompression.DEFAULT, () -> false);

        assertThat(again.get(1).diffId()).isEqualTo(first.get(1).diffId());
        assertThat(content.exists(again.get(1).blob().digest())).isTrue();
    }

    @Test
    void rewriteTimestampClampsTheTimesInMadeLayersOnlyAndIsStable() throws Exception {
        SnapshotId top = chain();
        List<SnapshotId> chain = layers.chain(top);
        List<LayerBlob> plain = layers.blobs(chain, LayerCompression.DEFAULT, () -> false);
        long epoch = 1_000_000_000L;

        List<LayerBlob> clamped = layers.blobs(chain, LayerCompression.DEFAULT, epoch, () -> false);

        assertThat(clamped.get(1).diffId()).isNotEqualTo(plain.get(1).diffId());
        assertThat(uncompressedDigest(clamped.get(1).blob())).isEqualTo(clamped.get(1).diffId());
        try (InputStream in = new GZIPInputStream(content.open(clamped.get(1).blob().digest()));
                var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(in)) {
            var entry = tar.getNextEntry();
            assertThat(entry.getName()).isEqualTo("b");
            assertThat(entry.getModTime().getTime()).isEqualTo(epoch * 1000);
            assertThat(new String(tar.readAllBytes())).isEqualTo("top file\n".repeat(1000));
        }
        assertThat(layers.blobs(chain, LayerCompression.DEFAULT, epoch, () -> false)).isEqualTo(clamped);
        assertThat(layers.blobs(chain, LayerCompression.DEFAULT, () -> false)).isEqualTo(plain);
    }

    private LayerBlob pulledGzipLayer(SnapshotId snapshot, Digest recordedDiffId) throws Exception {
        java.io.ByteArrayOutputStream tar = new java.io.ByteArrayOutputStream();
        try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(tar)) {
            var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("from-registry");
            entry.setSize(3);
            out.putArchiveEntry(entry);
            out.write("reg".getBytes());
            out.closeArchiveEntry();
        }
        java.io.ByteArrayOutputStream gzip = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(gzip)) {
            out.write(tar.toByteArray());
        }
        byte[] bytes = gzip.toByteArray();
        Descriptor blob = Descriptor.of(MediaTypes.DOCKER_LAYER_GZIP, Digest.sha256(bytes), bytes.length);
        try (var writer = content.writer(blob, "test")) {
            writer.write(java.nio.ByteBuffer.wrap(bytes));
            writer.commit();
        }
        LayerBlob layer = new LayerBlob(blob, recordedDiffId == null ? Digest.sha256(tar.toByteArray())
                : recordedDiffId);
        index.record(snapshot, layer);
        return layer;
    }

    @Test
    void forcedCompressionRecompressesAPulledBlobKeepingItsDiffId() throws Exception {
        SnapshotId top = chain();
        SnapshotId base = snapshotter.parent(top).orElseThrow();
        LayerBlob pulled = pulledGzipLayer(base, null);

        List<LayerBlob> zstd = layers.blobs(layers.chain(top), new LayerCompression(Compression.ZSTD, null, true),
                () -> false);

        assertThat(zstd.get(0).blob().mediaType()).isEqualTo(MediaTypes.OCI_LAYER_ZSTD);
        assertThat(zstd.get(0).diffId()).isEqualTo(pulled.diffId());
        assertThat(uncompressedDigest(zstd.get(0).blob())).isEqualTo(pulled.diffId());
        assertThat(layers.blobs(layers.chain(top), LayerCompression.DEFAULT, () -> false).get(0)).isEqualTo(pulled);
    }

    @Test
    void aBlobThatNoLongerMatchesItsDiffIdIsAnErrorNamingTheFix() throws Exception {
        SnapshotId top = chain();
        SnapshotId base = snapshotter.parent(top).orElseThrow();
        pulledGzipLayer(base, Digest.sha256("something else".getBytes()));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> layers.blobs(layers.chain(top),
                new LayerCompression(Compression.UNCOMPRESSED, null, true), () -> false))
                .isInstanceOf(IOException.class).hasMessageContaining("decompresses to diff ID")
                .hasMessageContaining("buildctl prune");
    }
}
