package org.jbuildkit.daemon.worker.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.MediaTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerBlobIndexTest {
    @TempDir
    Path root;

    private static LayerBlob blob(String name, String mediaType) {
        return new LayerBlob(Descriptor.of(mediaType, Digest.sha256(name.getBytes()), name.length()),
                Digest.sha256(("diff " + name).getBytes()));
    }

    @Test
    void aPersistentIndexIsReadBackByTheNextDaemonAndGoesWithTheSnapshot() throws Exception {
        SnapshotId id = new SnapshotId("7");
        Files.createDirectories(root.resolve("snapshots/7"));
        LayerBlob gzip = blob("a", MediaTypes.DOCKER_LAYER_GZIP);
        LayerBlob zstd = blob("b", MediaTypes.OCI_LAYER_ZSTD);
        LayerBlobIndex first = LayerBlobIndex.persistent(root);
        first.record(id, gzip);
        first.record(id, zstd);
        first.record(id, gzip);

        assertThat(first.blobs(id)).containsExactly(gzip, zstd);
        assertThat(LayerBlobIndex.persistent(root).blobs(id)).containsExactly(gzip, zstd);

        Files.delete(root.resolve("snapshots/7/layer-blobs.json"));
        Files.delete(root.resolve("snapshots/7"));
        assertThat(LayerBlobIndex.persistent(root).blobs(id)).isEmpty();
    }

    @Test
    void whereAPulledBlobCameFromIsReadBackWithItsSnapshot() throws Exception {
        SnapshotId id = new SnapshotId("8");
        Files.createDirectories(root.resolve("snapshots/8"));
        LayerBlob pulled = blob("pulled", MediaTypes.OCI_LAYER_GZIP);
        LayerBlob made = blob("made", MediaTypes.OCI_LAYER_ZSTD);
        LayerBlobIndex first = LayerBlobIndex.persistent(root);
        first.record(id, pulled, new BlobSource("127.0.0.1:5000", "library/busybox"));
        first.record(id, made);

        assertThat(first.source(pulled.blob().digest())).contains(new BlobSource("127.0.0.1:5000", "library/busybox"));
        LayerBlobIndex next = LayerBlobIndex.persistent(root);
        assertThat(next.blobs(id)).containsExactly(pulled, made);
        assertThat(next.source(pulled.blob().digest())).contains(new BlobSource("127.0.0.1:5000", "library/busybox"));
        assertThat(next.source(made.blob().digest())).isEmpty();
    }

    @Test
    void aSnapshotWithoutADirectoryIsKeptInMemoryOnly() {
        LayerBlobIndex index = LayerBlobIndex.persistent(root);
        SnapshotId id = new SnapshotId("9");
        index.record(id, blob("a", MediaTypes.OCI_LAYER_GZIP));

        assertThat(index.blobs(id)).hasSize(1);
        assertThat(root.resolve("snapshots/9")).doesNotExist();
        assertThat(new LayerBlobIndex().blobs(id)).isEmpty();
    }

    @Test
    void aDamagedFileIsIgnored() throws Exception {
        Files.createDirectories(root.resolve("snapshots/3"));
        Files.writeString(root.resolve("snapshots/3/layer-blobs.json"), "{not json");

        assertThat(LayerBlobIndex.persistent(root).blobs(new SnapshotId("3"))).isEmpty();
    }
}
