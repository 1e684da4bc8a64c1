package org.jbuildkit.daemon.cache.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.MediaTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachePusherTest {
    private final ExecutorService executor = Executors.newFixedThreadPool(8);

    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** An in-memory storage that records what was stored and can fail one blob. */
    private static final class MemoryStorage implements CacheStorage {
        final Map<Digest, byte[]> blobs = Collections.synchronizedMap(new HashMap<>());
        final List<String> manifests = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger maxActive = new AtomicInteger();
        Digest failing;

        @Override
        public String describe() {
            return "memory cache";
        }

        @Override
        public boolean hasBlob(Digest digest) {
            return blobs.containsKey(digest);
        }

        @Override
        public void putBlob(Descriptor blob, Path content) {
            int now = active.incrementAndGet();
            maxActive.accumulateAndGet(now, Math::max);
            try {
                if (blob.digest().equals(failing)) {
                    throw new IllegalStateException("blob " + blob.digest() + " refused");
                }
                byte[] bytes = Files.readAllBytes(content);
                assertThat(Digest.sha256(bytes)).isEqualTo(blob.digest());
                blobs.put(blob.digest(), bytes);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } finally {
                active.decrementAndGet();
            }
        }

        @Override
        public Descriptor putManifest(String mediaType, byte[] manifest) {
            manifests.add(mediaType);
            return Descriptor.of(mediaType, Digest.sha256(manifest), manifest.length);
        }

        @Override
        public Optional<FetchedManifest> manifest() {
            return Optional.empty();
        }

        @Override
        public void fetchBlob(Descriptor blob, Path target) {
            throw new UnsupportedOperationException();
        }
    }

    private Map<Digest, Path> layerFiles;

    private BuiltCacheManifest manifest(int layers) throws IOException {
        layerFiles = new HashMap<>();
        List<CacheConfig.Layer> configLayers = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            byte[] content = ("layer " + i).getBytes();
            Digest digest = Digest.sha256(content);
            layerFiles.put(digest, Files.write(tmp.resolve("layer" + i), content));
            configLayers.add(new CacheConfig.Layer(digest, i - 1, new CacheConfig.LayerAnnotations(
                    MediaTypes.OCI_LAYER_GZIP, digest, content.length, null)));
        }
        return CacheManifests.build(new CacheConfig(configLayers, List.of(new CacheConfig.Record(
                CacheConfigJsonTest.d('1'), List.of(new CacheConfig.Result(layers - 1, null)), List.of(),
                List.of()))), true, true);
    }

    @Test
    void pushesEveryBlobAndTheConfigThenTheManifest() throws IOException {
        MemoryStorage storage = new MemoryStorage();
        BuiltCacheManifest built = manifest(10);
        List<Descriptor> stored = Collections.synchronizedList(new ArrayList<>());
        Descriptor pushed = new CachePusher(executor, 3).push(storage, built, layerFiles, tmp.resolve("work"),
                stored::add);
        assertThat(pushed.digest()).isEqualTo(Digest.sha256(built.manifest()));
        assertThat(storage.blobs).hasSize(11).containsKey(built.config().digest());
        assertThat(storage.blobs.get(built.config().digest())).isEqualTo(built.configBlob());
        assertThat(storage.manifests).containsExactly(MediaTypes.OCI_MANIFEST);
        assertThat(stored).hasSize(11);
        assertThat(storage.maxActive.get()).isLessThanOrEqualTo(3);
        assertThat(tmp.resolve("work")).isEmptyDirectory();
    }

    @Test
    void aFailedBlobMeansNoManifest() throws IOException {
        MemoryStorage storage = new MemoryStorage();
        BuiltCacheManifest built = manifest(6);
        storage.failing = built.layers().get(2).digest();
        assertThatThrownBy(() -> new CachePusher(executor, 4).push(storage, built, layerFiles, tmp, d -> { }))
                .hasMessageContaining("refused");
        assertThat(storage.manifests).isEmpty();
    }

    @Test
    void aMissingLayerFileFailsBeforeAnyPush() throws IOException {
        MemoryStorage storage = new MemoryStorage();
        BuiltCacheManifest built = manifest(2);
        layerFiles.remove(built.layers().get(1).digest());
        assertThatThrownBy(() -> new CachePusher(executor, 4).push(storage, built, layerFiles, tmp, d -> { }))
                .hasMessageContaining("no content for cache layer " + built.layers().get(1).digest());
        assertThat(storage.blobs).isEmpty();
        assertThat(storage.manifests).isEmpty();
    }
}
