package org.jbuildkit.client.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jbuildkit.api.control.BytesMessage;
import org.jbuildkit.api.control.ControlGrpc;
import org.jbuildkit.api.control.SolveRequest;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.MediaTypes;
import org.jbuildkit.session.Session;
import org.jbuildkit.session.content.CallerContentStore;
import org.jbuildkit.session.manager.Caller;
import org.jbuildkit.session.manager.SessionManager;
import org.jbuildkit.session.manager.SessionMetadataInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * buildctl's side of a type=local cache over a real session: the flags, the directory served as store
 * {@code local:<dest>}, blobs written into it by a daemon-side caller, and index.json tagged after the solve.
 */
@Timeout(60)
class LocalCacheSessionTest {
    @TempDir
    Path tmp;

    private final SessionManager manager = new SessionManager();
    private final StringWriter errText = new StringWriter();
    private final PrintWriter err = new PrintWriter(errText, true);
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void daemon() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(new ControlGrpc.ControlImplBase() {
                    @Override
                    public StreamObserver<BytesMessage> session(StreamObserver<BytesMessage> responses) {
                        return manager.handleSession(responses);
                    }
                }, new SessionMetadataInterceptor())).build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    @AfterEach
    void close() throws Exception {
        channel.shutdownNow();
        manager.close();
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static Descriptor write(CallerContentStore store, String mediaType, byte[] bytes) throws Exception {
        Digest digest = Digest.sha256(bytes);
        store.write("ref-" + digest.hex(), digest.toString(), bytes.length, new ByteArrayInputStream(bytes));
        return Descriptor.of(mediaType, digest, bytes.length);
    }

    @Test
    void aFirstBuildExportsIntoDestAndASecondImportsItByTag() throws Exception {
        Path cache = tmp.resolve("cache");
        ClientCacheOptions first = ClientCacheOptions.prepare(List.of("type=local,dest=" + cache + ",tag=v1,mode=max"),
                List.of("type=local,src=" + cache + ",tag=v1"), Map.of(), err);
        assertThat(errText.toString()).contains("local cache import at " + cache + " skipped");
        assertThat(first.imports()).isEmpty();
        Descriptor manifest;
        try (Session session = Session.create("", "")) {
            first.attachTo(session);
            session.run(ControlGrpc.newStub(channel));
            Caller caller = manager.get(session.id(), Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
            CallerContentStore store = new CallerContentStore(caller, "local:" + cache);
            Descriptor layer = write(store, MediaTypes.OCI_LAYER_GZIP, "layer".getBytes(StandardCharsets.UTF_8));
            manifest = write(store, MediaTypes.OCI_MANIFEST, ("{\"schemaVersion\":2,\"layers\":[{\"mediaType\":\""
                    + layer.mediaType() + "\",\"digest\":\"" + layer.digest() + "\",\"size\":" + layer.size() + "}]}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        first.afterSolve(Map.of("cache.manifest", "{\"mediaType\":\"" + manifest.mediaType() + "\",\"digest\":\""
                + manifest.digest() + "\",\"size\":" + manifest.size() + "}"), err);

        assertThat(new LayoutIndex(cache).get("v1")).map(Descriptor::digest).contains(manifest.digest());
        assertThat(cache.resolve("oci-layout")).exists();
        assertThat(cache.resolve("ingest")).doesNotExist();

        ClientCacheOptions second = ClientCacheOptions.prepare(List.of(), List.of("type=local,src=" + cache
                + ",tag=v1"), Map.of(), err);
        SolveRequest.Builder request = SolveRequest.newBuilder();
        second.addTo(request);
        assertThat(request.getCache().getImports(0).getAttrsMap()).containsEntry("digest",
                manifest.digest().toString());
        assertThat(second.stores()).containsOnlyKeys("local:" + cache);
    }

    @Test
    void resetLeavesOnlyWhatTheTagsReach() throws Exception {
        Path cache = tmp.resolve("cache");
        ClientCacheOptions options = ClientCacheOptions.prepare(List.of("type=local,dest=" + cache + ",reset=true"),
                List.of(), Map.of(), err);
        Path stale = cache.resolve("blobs/sha256/" + Digest.sha256(new byte[] {1}).hex());
        Files.createDirectories(stale.getParent());
        Files.write(stale, new byte[] {1});
        Descriptor manifest;
        Descriptor layer;
        try (Session session = Session.create("", "")) {
            options.attachTo(session);
            session.run(ControlGrpc.newStub(channel));
            Caller caller = manager.get(session.id(), Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
            CallerContentStore store = new CallerContentStore(caller, "local:" + cache);
            layer = write(store, MediaTypes.OCI_LAYER_GZIP, "layer".getBytes(StandardCharsets.UTF_8));
            Descriptor config = write(store, MediaTypes.BUILDKIT_CACHE_CONFIG, "{}".getBytes(StandardCharsets.UTF_8));
            manifest = write(store, MediaTypes.OCI_MANIFEST, ("{\"schemaVersion\":2,\"config\":{\"mediaType\":\""
                    + config.mediaType() + "\",\"digest\":\"" + config.digest() + "\",\"size\":2},\"layers\":[{"
                    + "\"mediaType\":\"" + layer.mediaType() + "\",\"digest\":\"" + layer.digest() + "\",\"size\":"
                    + layer.size() + "}]}").getBytes(StandardCharsets.UTF_8));
        }

        options.afterSolve(Map.of("cache.manifest", "{\"mediaType\":\"" + manifest.mediaType() + "\",\"digest\":\""
                + manifest.digest() + "\",\"size\":" + manifest.size() + "}"), err);

        assertThat(stale).doesNotExist();
        try (var files = Files.list(cache.resolve("blobs/sha256"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(manifest.digest().hex(),
                    layer.digest().hex(), Digest.sha256("{}".getBytes(StandardCharsets.UTF_8)).hex());
        }
    }
}
