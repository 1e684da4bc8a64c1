package org.jbuildkit.daemon.exporter.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jbuildkit.daemon.exporter.ExporterException;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.worker.metadata.BlobSource;
import org.jbuildkit.daemon.worker.metadata.LayerBlob;
import org.jbuildkit.daemon.worker.metadata.LayerBlobIndex;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.MediaTypes;
import org.jbuildkit.registry.reference.ImageReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ImagePusherTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final LayerBlobIndex index = new LayerBlobIndex();
    private final Descriptor base = descriptor(MediaTypes.OCI_LAYER_GZIP, "base");
    private final Descriptor top = descriptor(MediaTypes.OCI_LAYER_GZIP, "top");
    private final Descriptor config = descriptor(MediaTypes.OCI_CONFIG, "config");
    private final byte[] manifestBytes = "{\"manifest\":true}".getBytes(StandardCharsets.UTF_8);
    private final AssembledImage image = new AssembledImage(Descriptor.of(MediaTypes.OCI_MANIFEST,
            Digest.sha256(manifestBytes), manifestBytes.length), manifestBytes, config, new byte[0], List.of(base, top));

    /** Records every call; refuses the blob named {@code refuse}. */
    private static final class FakeRegistry implements RegistryPush {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final Digest refuse;

        FakeRegistry(Digest refuse) {
            this.refuse = refuse;
        }

        @Override
        public void pushBlob(ImageReference repository, Descriptor blob, Path file, Optional<String> mountFrom) {
            calls.add("blob " + repository.name() + " " + blob.digest() + mountFrom.map(m -> " from " + m).orElse(""));
            if (blob.digest().equals(refuse)) {
                throw new IllegalStateException("refused " + blob.digest());
            }
        }

        @Override
        public void pushManifest(ImageReference target, String mediaType, byte[] manifest) {
            calls.add("manifest " + target);
        }
    }

    private static final ExecContext PROGRESS = new ExecContext() {
        @Override
        public void log(int stream, byte[] data) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    private static Descriptor descriptor(String mediaType, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        return Descriptor.of(mediaType, Digest.sha256(bytes), bytes.length);
    }

    private ImagePusher pusher(FakeRegistry registry) {
        return new ImagePusher(host -> registry, d -> Path.of("/blobs", d.hex()), index, executor,
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void blobsGoFirstWithPulledLayersMountedThenTheManifestUnderEveryName() throws Exception {
        index.record(new SnapshotId("1"), new LayerBlob(base, Digest.sha256(new byte[] {9})),
                new BlobSource("reg.example", "library/busybox"));
        FakeRegistry registry = new FakeRegistry(null);
        ImageReference a = new ImageReference("reg.example", "app/a", "1", null);
        ImageReference b = new ImageReference("reg.example", "app/b", "2", null);

        pusher(registry).push(image, List.of(a, b), PROGRESS);

        List<String> calls = registry.calls;
        assertThat(calls).hasSize(8);
        assertThat(calls.subList(0, 3)).containsExactlyInAnyOrder(
                "blob reg.example/app/a " + base.digest() + " from library/busybox",
                "blob reg.example/app/a " + top.digest(), "blob reg.example/app/a " + config.digest());
        assertThat(calls.subList(3, 6)).containsExactlyInAnyOrder(
                "blob reg.example/app/b " + base.digest() + " from library/busybox",
                "blob reg.example/app/b " + top.digest() + " from app/a",
                "blob reg.example/app/b " + config.digest() + " from app/a");
        assertThat(calls.subList(6, 8)).containsExactly("manifest " + a, "manifest " + b);
    }

    @Test
    void aRefusedBlobMeansNoManifestIsPushed() {
        FakeRegistry registry = new FakeRegistry(top.digest());
        ImageReference a = new ImageReference("reg.example", "app/a", "1", null);

        assertThatThrownBy(() -> pusher(registry).push(image, List.of(a), PROGRESS))
                .isInstanceOf(ExporterException.class)
                .hasMessageContaining("failed to push reg.example/app/a: refused " + top.digest())
                .hasMessageContaining("no manifest was pushed");
        assertThat(registry.calls).noneMatch(call -> call.startsWith("manifest"));
    }

    @Test
    void aBlobPulledFromAnotherRegistryIsUploadedNotMounted() throws Exception {
        index.record(new SnapshotId("1"), new LayerBlob(base, Digest.sha256(new byte[] {9})),
                new BlobSource("other.example", "library/busybox"));
        FakeRegistry registry = new FakeRegistry(null);

        pusher(registry).push(image, List.of(new ImageReference("reg.example", "app/a", "1", null)), PROGRESS);

        assertThat(registry.calls).contains("blob reg.example/app/a " + base.digest());
    }
}
