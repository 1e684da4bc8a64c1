package org.jbuildkit.e2e.registry.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jbuildkit.daemon.cache.remote.BuiltCacheManifest;
import org.jbuildkit.daemon.cache.remote.CacheConfig;
import org.jbuildkit.daemon.cache.remote.CacheConfigJson;
import org.jbuildkit.daemon.cache.remote.CacheManifests;
import org.jbuildkit.daemon.cache.remote.CachePusher;
import org.jbuildkit.daemon.cache.remote.CacheStorage;
import org.jbuildkit.daemon.cache.remote.ParsedManifest;
import org.jbuildkit.daemon.cache.remote.RegistryCacheStorage;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.registry.auth.CredentialSource;
import org.jbuildkit.registry.auth.RegistryAuthenticator;
import org.jbuildkit.registry.auth.TokenFetcher;
import org.jbuildkit.registry.diagnostics.RegistryException;
import org.jbuildkit.registry.distribution.RegistryClient;
import org.jbuildkit.registry.distribution.RegistryResponseException;
import org.jbuildkit.registry.hosts.RegistryHosts;
import org.jbuildkit.registry.hosts.RegistryTransport;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.MediaTypes;
import org.jbuildkit.registry.reference.ImageReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A remote cache stored in and read back from Debian's real docker-registry, in both manifest forms. */
class RegistryCacheStorageTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();

    private static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(4);

    @TempDir
    Path tmp;

    @AfterAll
    static void stop() {
        EXECUTOR.shutdownNow();
    }

    private static RegistryClient client() {
        CredentialSource none = host -> Optional.empty();
        RegistryAuthenticator auth = new RegistryAuthenticator(none,
                new TokenFetcher(HttpClient.newHttpClient(), Clock.systemUTC()), Clock.systemUTC());
        return new RegistryClient(RegistryHosts.of(Map.of()), new RegistryTransport(), auth, 4);
    }

    private RegistryCacheStorage storage(String repoAndTag) {
        return new RegistryCacheStorage(client(), ImageReference.parse(REGISTRY.host() + "/" + repoAndTag));
    }

    /** A cache of three layers with random content, written to files; {@code files} gets them by digest. */
    private CacheConfig cache(Map<Digest, Path> files) throws Exception {
        Random random = new Random(42);
        List<CacheConfig.Layer> layers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] content = new byte[1000 + 5000 * i];
            random.nextBytes(content);
            Digest digest = Digest.sha256(content);
            files.put(digest, Files.write(tmp.resolve("layer" + i), content));
            layers.add(new CacheConfig.Layer(digest, i - 1, new CacheConfig.LayerAnnotations(
                    MediaTypes.OCI_LAYER_GZIP, Digest.sha256(("diff" + i).getBytes()), content.length,
                    Instant.parse("2024-05-06T07:08:0" + i + ".5Z"))));
        }
        Digest key = Digest.sha256("key".getBytes());
        Digest base = Digest.sha256("base".getBytes());
        return new CacheConfig(layers, List.of(
                new CacheConfig.Record(base, List.of(new CacheConfig.Result(0, Instant.parse("2024-05-06T07:08:00Z"))),
                        List.of(), List.of()),
                new CacheConfig.Record(key, List.of(new CacheConfig.Result(2, Instant.parse("2024-05-06T07:08:09Z"))),
                        List.of(), List.of(List.of(new CacheConfig.Input("", 0))))));
    }

    private void roundTrip(String repoAndTag, boolean oci, boolean imageManifest, String expectedType)
            throws Exception {
        Map<Digest, Path> files = new HashMap<>();
        CacheConfig config = cache(files);
        BuiltCacheManifest built = CacheManifests.build(config, oci, imageManifest);
        RegistryCacheStorage storage = storage(repoAndTag);

        Descriptor pushed = new CachePusher(EXECUTOR, CachePusher.DEFAULT_CONCURRENCY).push(storage, built, files,
                tmp.resolve("work"), d -> { });
        assertThat(pushed.mediaType()).isEqualTo(expectedType);
        assertThat(pushed.digest()).isEqualTo(Digest.sha256(built.manifest()));

        CacheStorage.FetchedManifest fetched = storage(repoAndTag).manifest().orElseThrow();
        assertThat(fetched.descriptor().digest()).isEqualTo(pushed.digest());
        assertThat(fetched.body()).isEqualTo(built.manifest());
        ParsedManifest.CacheManifest cache = CacheManifests.parse(fetched.body(), fetched.descriptor().mediaType())
                .requireCache(storage.ref().toString());
        assertThat(cache.mediaType()).isEqualTo(expectedType);

        Path configFile = tmp.resolve("config.json");
        storage.fetchBlob(cache.config(), configFile);
        CacheConfig read = CacheManifests.annotate(CacheConfigJson.read(Files.readAllBytes(configFile), "config"),
                cache.layers());
        if (oci) {
            assertThat(read).isEqualTo(config);
        } else {
            assertThat(read.layers()).extracting(l -> l.annotations().mediaType())
                    .containsOnly(MediaTypes.DOCKER_LAYER_GZIP);
            assertThat(read.records()).isEqualTo(config.records());
        }
        for (Descriptor layer : cache.layers()) {
            assertThat(storage.hasBlob(layer.digest())).isTrue();
            Path target = tmp.resolve("fetched-" + layer.digest().shortHex());
            storage.fetchBlob(layer, target);
            assertThat(Files.readAllBytes(target)).isEqualTo(Files.readAllBytes(files.get(layer.digest())));
        }
    }

    @Test
    void imageManifestFormRoundTrips() throws Exception {
        roundTrip("app/cache:image", true, true, MediaTypes.OCI_MANIFEST);
    }

    @Test
    void ociIndexFormRoundTrips() throws Exception {
        roundTrip("app/cache:index", true, false, MediaTypes.OCI_INDEX);
    }

    @Test
    void dockerManifestListFormRoundTrips() throws Exception {
        roundTrip("app/cache:docker", false, false, MediaTypes.DOCKER_MANIFEST_LIST);
    }

    @Test
    void aRefWithNoCacheYetIsEmpty() {
        assertThat(storage("never/pushed:cache").manifest()).isEmpty();
        assertThat(storage("never/pushed").describe()).isEqualTo("registry cache " + REGISTRY.host()
                + "/never/pushed:latest");
        assertThat(storage("never/pushed:cache").hasBlob(Digest.sha256("x".getBytes()))).isFalse();
    }

    @Test
    void aBlobTheRegistryRefusesLeavesNoTag() throws Exception {
        Map<Digest, Path> files = new HashMap<>();
        BuiltCacheManifest built = CacheManifests.build(cache(files), true, true);
        Digest second = built.layers().get(1).digest();
        files.put(second, Files.write(tmp.resolve("corrupt"), "not the layer".getBytes()));
        RegistryCacheStorage storage = storage("app/broken:cache");

        assertThatThrownBy(() -> new CachePusher(EXECUTOR, 2).push(storage, built, files, tmp.resolve("work"),
                d -> { })).isInstanceOf(RegistryResponseException.class).hasMessageContaining("DIGEST_INVALID")
                .hasMessageContaining(second.toString());
        assertThat(storage.manifest()).as("no manifest under the tag").isEmpty();
    }

    @Test
    void aBlobAnotherRepositoryHasIsMountedFromIt() throws Exception {
        byte[] content = "a base layer pulled from elsewhere".getBytes();
        Digest digest = Digest.sha256(content);
        Path file = Files.write(tmp.resolve("base"), content);
        Descriptor blob = Descriptor.of(MediaTypes.OCI_LAYER_GZIP, digest, content.length);
        client().pushBlob(REGISTRY.host(), "library/base", blob, file, Optional.empty());
        RegistryCacheStorage storage = new RegistryCacheStorage(client(), ImageReference.parse(REGISTRY.host()
                + "/app/mounted:cache"), d -> d.equals(digest) ? Optional.of("library/base") : Optional.empty());

        storage.putBlob(blob, tmp.resolve("absent-because-mounted"));

        assertThat(storage.hasBlob(digest)).isTrue();
    }

    @Test
    void anUnreachableRegistryPropagatesItsError() {
        RegistryCacheStorage storage = new RegistryCacheStorage(client(), ImageReference.parse("127.0.0.1:1/app:c"));
        assertThatThrownBy(storage::manifest).isInstanceOf(RegistryException.class)
                .hasMessageContaining("127.0.0.1:1");
    }
}
