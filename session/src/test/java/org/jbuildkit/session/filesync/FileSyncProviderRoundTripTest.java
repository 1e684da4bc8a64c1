package org.jbuildkit.session.filesync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jbuildkit.api.filesync.FileSyncGrpc;
import org.jbuildkit.api.fsutil.Packet;
import org.jbuildkit.api.fsutil.Packet.PacketType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's FileSync service over real gRPC in the JVM, called as the daemon calls it (request
 * headers, then fsutil's receiver): what is ignored never crosses, and the counts arrive as trailers.
 */
@Timeout(120)
class FileSyncProviderRoundTripTest {
    @TempDir
    Path tmp;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** What one call brought: DATA bytes, the paths listed, and the trailers. */
    private record Received(long dataBytes, List<String> listed, Metadata trailers) {
    }

    private Received diffCopy(Channel channel, DiffCopyRequest request, Path dest) throws IOException {
        AtomicReference<Metadata> headers = new AtomicReference<>();
        AtomicReference<Metadata> trailers = new AtomicReference<>();
        Channel calling = ClientInterceptors.intercept(channel,
                MetadataUtils.newAttachHeadersInterceptor(request.toHeaders()),
                MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
        BlockingStream<Packet> stream = BlockingStream.call(calling, FileSyncGrpc.getDiffCopyMethod(),
                CallOptions.DEFAULT, "test DiffCopy");
        AtomicLong data = new AtomicLong();
        List<String> listed = new CopyOnWriteArrayList<>();
        PacketStream counting = new PacketStream() {
            @Override
            public void send(Packet packet) throws IOException {
                stream.send(packet);
            }

            @Override
            public Optional<Packet> receive() throws IOException {
                Optional<Packet> next = stream.receive();
                next.ifPresent(p -> {
                    if (p.getType() == PacketType.PACKET_DATA) {
                        data.addAndGet(p.getData().size());
                    } else if (p.getType() == PacketType.PACKET_STAT && p.hasStat()) {
                        listed.add(p.getStat().getPath());
                    }
                });
                return next;
            }
        };
        try {
            FileReceiver.receive(counting, dest, ReceiveOptions.preservingOwners(), TransferProgress.NONE);
        } catch (IOException e) {
            stream.fail(io.grpc.Status.CANCELLED.withDescription(e.getMessage()));
            throw e;
        }
        stream.complete();
        assertThat(stream.receive()).isEmpty();
        return new Received(data.get(), listed, trailers.get());
    }

    private Path context() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("Dockerfile"), "FROM scratch\n");
        Files.writeString(src.resolve("app.txt"), "hello");
        Files.createDirectories(src.resolve("secrets"));
        Files.writeString(src.resolve("secrets/key.pem"), "x".repeat(100_000));
        Files.createDirectories(src.resolve("node_modules/big"));
        Files.write(src.resolve("node_modules/big/blob"), new byte[3_000_000]);
        Files.writeString(src.resolve("node_modules/keep.js"), "kept");
        Files.setAttribute(src.resolve("app.txt"), "unix:uid", 1234);
        return src;
    }

    @Test
    void excludedFilesNeverCrossAndTheCountsArriveAsTrailers() throws Exception {
        Path src = context();
        Process mkfifo = new ProcessBuilder("mkfifo", src.resolve("fifo").toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        Path dest = Files.createDirectory(tmp.resolve("dest"));
        FileSyncProvider provider = new FileSyncProvider(Map.of("context", src), executor, warnings::add);
        Received received;
        try (InJvmGrpc grpc = new InJvmGrpc(provider.service())) {
            received = diffCopy(grpc.channel, new DiffCopyRequest("context", new FilterOptions(List.of(),
                    List.of("secrets", "node_modules", "!node_modules/keep.js"), List.of())), dest);
        }

        assertThat(received.listed()).containsExactly("Dockerfile", "app.txt", "node_modules",
                "node_modules/keep.js");
        assertThat(received.dataBytes()).isEqualTo("FROM scratch\n".length() + "hello".length() + "kept".length());
        assertThat(dest.resolve("secrets")).doesNotExist();
        assertThat(dest.resolve("node_modules/big")).doesNotExist();
        assertThat(Files.readString(dest.resolve("node_modules/keep.js"))).isEqualTo("kept");
        // As upstream's buildctl, everything is sent owned by root.
        assertThat(Files.getAttribute(dest.resolve("app.txt"), "unix:uid")).isEqualTo(0);
        // secrets (not entered), node_modules/big (not entered); the fifo is skipped, with a warning.
        assertThat(TransferCounts.fromTrailers(received.trailers())).contains(new TransferCounts(4, 2, 1));
        assertThat(warnings).containsExactly("skipping fifo " + src.resolve("fifo")
                + ": devices, fifos and sockets are not sent to the daemon");
    }

    @Test
    void includePatternsAndFollowPathsAsTheDockerfileFrontendSendsThem() throws Exception {
        Path src = context();
        Files.delete(src.resolve("Dockerfile"));
        Files.createDirectories(src.resolve("docker"));
        Files.writeString(src.resolve("docker/Dockerfile.real"), "FROM busybox\n");
        Files.createSymbolicLink(src.resolve("Dockerfile"), Path.of("docker/Dockerfile.real"));
        Path dest = Files.createDirectory(tmp.resolve("dest"));
        FileSyncProvider provider = new FileSyncProvider(Map.of("dockerfile", src), executor, warnings::add);
        List<String> names = List.of("Dockerfile", "Dockerfile.dockerignore");
        Received received;
        try (InJvmGrpc grpc = new InJvmGrpc(provider.service())) {
            received = diffCopy(grpc.channel, new DiffCopyRequest("dockerfile", new FilterOptions(names, List.of(),
                    names)), dest);
        }
        assertThat(received.listed()).containsExactly("Dockerfile", "docker", "docker/Dockerfile.real");
        assertThat(Files.readString(dest.resolve("Dockerfile"))).isEqualTo("FROM busybox\n");
        assertThat(received.dataBytes()).isEqualTo("FROM busybox\n".length());
    }

    @Test
    void nonAsciiPatternsTravelEncoded() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("données.txt"), "private");
        Files.writeString(src.resolve("keep.txt"), "public");
        Path dest = Files.createDirectory(tmp.resolve("dest"));
        FileSyncProvider provider = new FileSyncProvider(Map.of("contexte-é", src), executor, warnings::add);
        try (InJvmGrpc grpc = new InJvmGrpc(provider.service())) {
            Received received = diffCopy(grpc.channel, new DiffCopyRequest("contexte-é",
                    new FilterOptions(List.of(), List.of("données.txt"), List.of())), dest);
            assertThat(received.listed()).containsExactly("keep.txt");
        }
    }

    @Test
    void anUnknownDirNameIsNotFoundNamingWhatThisClientServes() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        FileSyncProvider provider = new FileSyncProvider(Map.of("context", src, "dockerfile", src), executor,
                warnings::add);
        try (InJvmGrpc grpc = new InJvmGrpc(provider.service())) {
            assertThatThrownBy(() -> diffCopy(grpc.channel, new DiffCopyRequest("other", FilterOptions.NONE),
                    Files.createDirectory(tmp.resolve("dest"))))
                    .hasMessageContaining("NOT_FOUND: no access allowed to dir \"other\"")
                    .hasMessageContaining("this client serves context, dockerfile");
        }
    }

    @Test
    void malformedPatternsFailTheCallWithTheReason() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        FileSyncProvider provider = new FileSyncProvider(Map.of("context", src), executor, warnings::add);
        try (InJvmGrpc grpc = new InJvmGrpc(provider.service())) {
            assertThatThrownBy(() -> diffCopy(grpc.channel, new DiffCopyRequest("context",
                    new FilterOptions(List.of(), List.of("[oops"), List.of())),
                    Files.createDirectory(tmp.resolve("dest"))))
                    .hasMessageContaining("INVALID_ARGUMENT")
                    .hasMessageContaining("invalid excludepatterns [[oops]");
        }
    }

    @Test
    void theServiceAdvertisesDiffCopyOnly() {
        FileSyncProvider provider = new FileSyncProvider(Map.of(), executor, warnings::add);
        assertThat(provider.service().getMethods()).extracting(m -> "/" + m.getMethodDescriptor().getFullMethodName())
                .containsExactly(FileSyncProvider.URL);
        assertThat(FileSyncProvider.URL).isEqualTo("/moby.filesync.v1.FileSync/DiffCopy");
    }
}
