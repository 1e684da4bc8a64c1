package org.jbuildkit.daemon.worker.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.MediaTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalContentStoreTest {
    @TempDir
    Path root;

    static Descriptor descriptorOf(byte[] content) {
        return Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(content), content.length);
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void committedBlobIsStoredUnderItsDigestAndReadsBack() throws IOException {
        LocalContentStore store = LocalContentStore.open(root);
        byte[] content = randomBytes(300_000, 1);
        Descriptor desc = descriptorOf(content);
        ContentInfo info;
        try (ContentWriter writer = store.writer(desc, "test")) {
            try (OutputStream out = writer.asOutputStream()) {
                out.write(content, 0, 1000);
                out.write(content, 1000, content.length - 1000);
                info = writer.commit();
            }
        }
        assertThat(info.digest()).isEqualTo(desc.digest());
        assertThat(info.size()).isEqualTo(content.length);
        assertThat(root.resolve("content/blobs/sha256/" + desc.digest().hex())).isRegularFile();
        assertThat(store.exists(desc.digest())).isTrue();
        try (InputStream in = store.open(desc.digest())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        try (FileChannel channel = store.openChannel(desc.digest())) {
            ByteBuffer buf = ByteBuffer.allocate(10);
            channel.read(buf, 5000);
            assertThat(buf.array()).isEqualTo(java.util.Arrays.copyOfRange(content, 5000, 5010));
        }
        assertThat(ingestFiles()).isEmpty();
    }

    @Test
    void digestMismatchNamesExpectedActualAndSourceAndKeepsNothing() throws IOException {
        LocalContentStore store = LocalContentStore.open(root);
        byte[] promised = "promised".getBytes(StandardCharsets.UTF_8);
        byte[] delivered = "tampered".getBytes(StandardCharsets.UTF_8);
        Descriptor desc = descriptorOf(promised);
        ContentWriter writer = store.writer(desc, "https://registry.test/v2/library/busybox/blobs/x");
        writer.write(ByteBuffer.wrap(delivered));
        assertThatThrownBy(writer::commit)
                .isInstanceOfSatisfying(UnexpectedContentException.class, e -> {
                    assertThat(e.actualDigest()).isEqualTo(Digest.sha256(delivered));
                    assertThat(e.expected()).isEqualTo(desc);
                })
                .hasMessageContaining("expected " + desc.digest())
                .hasMessageContaining("got " + Digest.sha256(delivered))
                .hasMessageContaining("https://registry.test/v2/library/busybox/blobs/x")
                .hasMessageContaining("fix: ");
        assertThat(store.exists(desc.digest())).isFalse();
        assertThat(store.exists(Digest.sha256(delivered))).isFalse();
        assertThat(ingestFiles()).isEmpty();
    }

    @Test
    void contentLongerThanTheDescriptorIsRefusedAsSoonAsItOverflows() throws IOException {
        LocalContentStore store = LocalContentStore.open(root);
        byte[] content = randomBytes(100, 2);
        Descriptor desc = Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(content), 50);
        ContentWriter writer = store.writer(desc, "a too-long source");
        assertThatThrownBy(() -> writer.write(ByteBuffer.wrap(content)))
                .isInstanceOf(UnexpectedContentException.class)
                .hasMessageContaining("more than 50 bytes");
        assertThat(writer.isOpen()).isFalse();
        assertThat(ingestFiles()).isEmpty();
    }

    @Test
    void concurrentWritersOfTheSameDigestAllSucceedWithOneIntactBlob() throws Exception {
        LocalContentStore store = LocalContentStore.open(root);
        byte[] content = randomBytes(1 << 20, 3);
        Descriptor desc = descriptorOf(content);
        int writers = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<ContentInfo>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try (ContentWriter writer = store.writer(desc, "writer")) {
                        for (int off = 0; off < content.length; off += 8192) {
                            writer.write(ByteBuffer.wrap(content, off, Math.min(8192, content.length - off)));
                        }
                        return writer.commit();
                    }
                }));
            }
            start.countDown();
            for (Future<ContentInfo> result : results) {
                assertThat(result.get().size()).isEqualTo(content.length);
            }
        } finally {
            pool.shutdownNow();
        }
        try (InputStream in = store.open(desc.digest())) {
            assertThat(Digest.sha256(in.readAllBytes())).isEqualTo(desc.digest());
        }
        assertThat(ingestFiles()).isEmpty();
    }

    @Test
    void writerAbandonedByACrashLeavesNoBlobAndIsCleanedAtRestart() throws IOException {
        LocalContentStore store = LocalContentStore.open(root);
        byte[] done = randomBytes(10_000, 4);
        try (ContentWriter writer = store.writer(descriptorOf(done), "complete")) {
            writer.write(ByteBuffer.wrap(done));
            writer.commit();
        }
        byte[] content = randomBytes(200_000, 5);
        Descriptor desc = descriptorOf(content);
        ContentWriter abandoned = store.writer(desc, "killed mid-write");
        abandoned.write(ByteBuffer.wrap(content, 0, 100_000));
        assertThat(ingestFiles()).hasSize(1);
        assertThat(store.exists(desc.digest())).isFalse();

        LocalContentStore restarted = LocalContentStore.open(root);
        assertThat(ingestFiles()).isEmpty();
        assertThat(restarted.exists(desc.digest())).isFalse();
        List<ContentInfo> all = new ArrayList<>();
        restarted.walk(all::add);
        assertThat(all).extracting(ContentInfo::digest).containsExactly(Digest.sha256(done));
        for (ContentInfo info : all) {
            try (InputStream in = restarted.open(info.digest())) {
                assertThat(Digest.sha256(in.readAllBytes())).isEqualTo(info.digest());
            }
        }
    }

    @Test
    void deleteWalkAndTotalSizeSeeOnlyCommittedBlobs() throws IOException {
        LocalContentStore store = LocalContentStore.open(root);
        byte[] a = randomBytes(1000, 6);
        byte[] b = randomBytes(2000, 7);
        for (byte[] content : List.of(a, b)) {
            try (ContentWriter writer = store.writer(descriptorOf(content), "t")) {
                writer.write(ByteBuffer.wrap(content));
                writer.commit();
            }
        }
        Files.writeString(root.resolve("content/blobs/sha256/not-a-digest"), "x");
        assertThat(store.totalSize()).isEqualTo(3000);
        assertThat(store.delete(Digest.sha256(a))).isTrue();
        assertThat(store.delete(Digest.sha256(a))).isFalse();
        assertThat(store.totalSize()).isEqualTo(2000);
        assertThatThrownBy(() -> store.open(Digest.sha256(a)))
                .isInstanceOf(ContentNotFoundException.class)
                .hasMessageContaining(Digest.sha256(a).toString());
        assertThat(store.info(Digest.sha256(a))).isEmpty();
    }

    @Test
    void closingBeforeCommitDiscardsTheBytes() throws IOException {
        LocalContentStore store = LocalContentStore.open(root);
        byte[] content = randomBytes(5000, 8);
        Descriptor desc = descriptorOf(content);
        try (ContentWriter writer = store.writer(desc, "t")) {
            writer.write(ByteBuffer.wrap(content));
        }
        assertThat(store.exists(desc.digest())).isFalse();
        assertThat(ingestFiles()).isEmpty();
    }

    private List<Path> ingestFiles() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("content/ingest"))) {
            return files.toList();
        }
    }
}
