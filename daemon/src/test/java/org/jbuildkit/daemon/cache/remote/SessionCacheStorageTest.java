package org.jbuildkit.daemon.cache.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jbuildkit.api.control.BytesMessage;
import org.jbuildkit.api.control.ControlGrpc;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.MediaTypes;
import org.jbuildkit.session.Session;
import org.jbuildkit.session.content.ContentStoreService;
import org.jbuildkit.session.content.LayoutContentStore;
import org.jbuildkit.session.manager.Caller;
import org.jbuildkit.session.manager.SessionManager;
import org.jbuildkit.session.manager.SessionMetadataInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's type=local cache storage against the client's content service, over a real session. */
@Timeout(60)
class SessionCacheStorageTest {
    @TempDir
    Path tmp;

    private final SessionManager manager = new SessionManager();
    private Server server;
    private ManagedChannel channel;
    private Path cacheDir;
    private Session session;

    @BeforeEach
    void daemon() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(new ControlGrpc.ControlImplBase() {
                    @Override
                    public StreamObserver<BytesMessage> session(StreamObserver<BytesMessage> responses) {
                        return manager.handleSession(responses);
                    }
                }, new SessionMetadataInterceptor())).maxInboundMessageSize(16 << 20).build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        cacheDir = tmp.resolve("client/cache");
    }

    @AfterEach
    void close() throws Exception {
        if (session != null) {
            session.close();
        }
        channel.shutdownNow();
        manager.close();
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** A client session serving {@code dirs} as buildctl does: store ID {@code local:<dir>}. */
    private Caller client(Path... dirs) throws Exception {
        session = Session.create("", "");
        if (dirs.length > 0) {
            Map<String, LayoutContentStore> stores = new java.util.HashMap<>();
            for (Path d : dirs) {
                stores.put("local:" + d, new LayoutContentStore(d));
            }
            session.allow(new ContentStoreService(stores).definition());
        }
        session.run(ControlGrpc.newStub(channel));
        return manager.get(session.id(), Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
    }

    private Descriptor layerFile(Path file, int size) throws Exception {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(bytes), size);
    }

    @Test
    void anExportWrittenIntoTheClientsDirectoryImportsBack() throws Exception {
        Files.createDirectories(cacheDir);
        Caller caller = client(cacheDir);
        Descriptor layer = layerFile(tmp.resolve("daemon/layer"), (5 << 20) + 7);
        byte[] manifestJson = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"layers\":[{"
                + "\"mediaType\":\"" + MediaTypes.OCI_LAYER_GZIP + "\",\"digest\":\"" + layer.digest() + "\",\"size\":"
                + layer.size() + "}]}").getBytes(StandardCharsets.UTF_8);

        SessionCacheStorage export = SessionCacheStorage.forExport(caller, Map.of("dest", cacheDir.toString(),
                "mode", "max"));
        assertThat(export.describe()).isEqualTo("local cache " + cacheDir + " (on the client)");
        assertThat(export.hasBlob(layer.digest())).isFalse();
        export.putBlob(layer, tmp.resolve("daemon/layer"));
        export.putBlob(layer, tmp.resolve("daemon/layer"));
        assertThat(export.hasBlob(layer.digest())).isTrue();
        Descriptor manifest = export.putManifest(MediaTypes.OCI_MANIFEST, manifestJson);
        assertThat(export.manifest()).isEmpty();

        assertThat(manifest).isEqualTo(Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(manifestJson),
                manifestJson.length));
        assertThat(cacheDir.resolve("blobs/sha256/" + layer.digest().hex())).hasSameBinaryContentAs(
                tmp.resolve("daemon/layer"));
        assertThat(cacheDir.resolve("blobs/sha256/" + manifest.digest().hex())).hasBinaryContent(manifestJson);
        assertThat(cacheDir.resolve("ingest")).doesNotExist();
        assertThat(SessionCacheStorage.exporterResponse(manifest)).containsExactly(Map.entry("cache.manifest",
                "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + manifest.digest()
                        + "\",\"size\":" + manifestJson.length + "}"));

        SessionCacheStorage imported = SessionCacheStorage.forImport(caller, new LocalCacheImport(cacheDir.toString(),
                "latest", manifest.digest()));
        CacheStorage.FetchedManifest fetched = imported.manifest().orElseThrow();
        assertThat(fetched.descriptor()).isEqualTo(manifest);
        assertThat(fetched.body()).isEqualTo(manifestJson);
        Path target = tmp.resolve("daemon/fetched/layer");
        imported.fetchBlob(layer, target);
        assertThat(target).hasSameBinaryContentAs(tmp.resolve("daemon/layer"));
        assertThat(Files.list(target.getParent())).containsExactly(target);
    }

    @Test
    void anImportWhoseManifestIsNotThereIsEmpty() throws Exception {
        Files.createDirectories(cacheDir);
        Caller caller = client(cacheDir);
        SessionCacheStorage imported = SessionCacheStorage.forImport(caller, Map.of("src", cacheDir.toString(),
                "digest", "sha256:" + "a".repeat(64)));
        assertThat(imported.manifest()).isEmpty();
    }

    @Test
    void aSrcTheClientDoesNotServeIsAnErrorNamingIt() throws Exception {
        Caller caller = client(cacheDir);
        Path missing = tmp.resolve("not-exported-yet");
        assertThatThrownBy(() -> SessionCacheStorage.forImport(caller, Map.of("src", missing.toString(),
                "digest", "sha256:" + "a".repeat(64))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("local cache " + missing + " is not served by the client's session")
                .hasMessageContaining("unknown store local:" + missing);
    }

    @Test
    void aClientServingNoContentStoresIsAnErrorWithTheFix() throws Exception {
        Caller caller = client();
        assertThatThrownBy(() -> SessionCacheStorage.forExport(caller, Map.of("dest", cacheDir.toString())))
                .hasMessageContaining("local cache " + cacheDir + " is on the client's machine, but the client's"
                        + " session serves no content stores");
    }

    @Test
    void missingAttributesAreErrors() throws Exception {
        Caller caller = client(cacheDir);
        assertThatThrownBy(() -> SessionCacheStorage.forExport(caller, Map.of()))
                .hasMessageContaining("local cache exporter requires dest");
        assertThatThrownBy(() -> SessionCacheStorage.forImport(caller, Map.of("src", cacheDir.toString())))
                .hasMessageContaining("local cache importer requires explicit digest");
        assertThatThrownBy(() -> SessionCacheStorage.forImport(caller, Map.of("digest", "sha256:" + "a".repeat(64))))
                .hasMessageContaining("local cache importer requires src");
        assertThatThrownBy(() -> SessionCacheStorage.forImport(caller, Map.of("src", "d", "digest", "latest")))
                .hasMessageContaining("digest=latest is not a digest");
    }

    @Test
    void aCorruptBlobInTheDirectoryIsNeverFetched() throws Exception {
        Files.createDirectories(cacheDir);
        Caller caller = client(cacheDir);
        Descriptor layer = layerFile(tmp.resolve("daemon/layer"), 100);
        Path stored = cacheDir.resolve("blobs/sha256/" + layer.digest().hex());
        Files.createDirectories(stored.getParent());
        Files.writeString(stored, "not the layer");
        SessionCacheStorage imported = SessionCacheStorage.forImport(caller, Map.of("src", cacheDir.toString(),
                "digest", layer.digest().toString()));

        Path target = tmp.resolve("daemon/fetched/layer");
        assertThatThrownBy(() -> imported.fetchBlob(layer, target))
                .hasMessageContaining("fetching blob " + layer.digest())
                .hasMessageContaining("the directory's blob is corrupt");
        assertThat(target).doesNotExist();
        assertThat(Files.list(target.getParent())).isEmpty();
    }
}
