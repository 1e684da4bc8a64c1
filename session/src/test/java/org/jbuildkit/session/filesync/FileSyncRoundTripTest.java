package org.jbuildkit.session.filesync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.jbuildkit.api.fsutil.Packet;
import org.jbuildkit.session.manager.Caller;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sender to receiver over real gRPC in the JVM, both ways round: the daemon's way (gRPC client sends
 * to the client's FileSend target) and the way {@code --local} contexts go (gRPC server sends, client receives).
 * Runs as root, so owners can be given away and a fifo made.
 */
@Timeout(120)
class FileSyncRoundTripTest {
    @TempDir
    Path tmp;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aTreeSentToAFileSendDirectoryTargetArrivesWhole() throws Exception {
        Path src = Files.createDirectory(tmp.resolve("src"));
        TestTrees.populate(src);
        Path dest = tmp.resolve("out/dest");
        FileSendTarget target = new FileSendTarget(executor).directory(0, dest);
        AtomicLong progressed = new AtomicLong();
        boolean[] last = {false};
        try (InJvmGrpc grpc = new InJvmGrpc(target.service())) {
            FileSendCalls.copyToCaller(grpc.caller(FileSendMethods.URL), 0, src, TreeWalk.plain(), executor,
                    (bytes, end) -> {
                        progressed.set(bytes);
                        last[0] |= end;
                    }, () -> false);
        }

        List<String> sent = TestTrees.listing(src, false);
        assertThat(sent).hasSize(14);
        assertThat(TestTrees.listing(dest, false)).containsExactlyElementsOf(sent);
        // As upstream's buildctl: everything written belongs to the receiving user (root here), not 1234.
        assertThat(TestTrees.listing(dest, true)).allMatch(line -> line.contains(" owner=0:0 "));
        assertThat(Files.getAttribute(dest.resolve("dir/hard"), "unix:ino"))
                .isEqualTo(Files.getAttribute(dest.resolve("big.bin"), "unix:ino"));
        assertThat(Files.readSymbolicLink(dest.resolve("dangling"))).isEqualTo(Path.of("no/such/target"));
        assertThat(Files.getAttribute(dest.resolve("suid"), "unix:mode")).isEqualTo(0104755);
        assertThat(Files.getAttribute(dest.getParent(), "unix:mode")).isEqualTo(040700);
        assertThat(progressed.get()).isGreaterThan(TestTrees.BIG);
        assertThat(last[0]).isTrue();
        try (var left = Files.walk(dest)) {
            assertThat(left.map(Path::toString)).noneMatch(p -> p.contains(".fsutil-tmp."));
        }
    }

    @Test
    void aGrpcServerCanSendAndItsClientReceiveKeepingOwners() throws Exception {
        Path src = Files.createDirectory(tmp.resolve("src"));
        TestTrees.populate(src);
        Path dest = Files.createDirectory(tmp.resolve("dest"));
        ServerServiceDefinition sending = ServerServiceDefinition.builder("test.Sync")
                .addMethod(io.grpc.MethodDescriptor.<Packet, Packet>newBuilder()
                                .setType(io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
                                .setFullMethodName("test.Sync/DiffCopy")
                                .setRequestMarshaller(FileSendMethods.PACKETS.getRequestMarshaller())
                                .setResponseMarshaller(FileSendMethods.PACKETS.getResponseMarshaller()).build(),
                        ServerCalls.asyncBidiStreamingCall(responses -> {
                            BlockingStream<Packet> stream = BlockingStream.serve(responses, "test send");
                            executor.execute(() -> {
                                try {
                                    new FileSender(executor).send(src, TreeWalk.plain(), PacketStream.of(stream),
                                            TransferProgress.NONE, () -> false);
                                    stream.complete();
                                } catch (IOException e) {
                                    stream.fail(io.grpc.Status.UNKNOWN.withDescription(e.getMessage()));
                                }
                            });
                            return stream.requests();
                        }))
                .build();
        try (InJvmGrpc grpc = new InJvmGrpc(sending)) {
            var method = (io.grpc.MethodDescriptor<Packet, Packet>) sending.getMethods().iterator().next()
                    .getMethodDescriptor();
            BlockingStream<Packet> stream = BlockingStream.call(grpc.channel, method, CallOptions.DEFAULT, "test receive");
            FileReceiver.receive(PacketStream.of(stream), dest, ReceiveOptions.preservingOwners(), TransferProgress.NONE);
            stream.complete();
            assertThat(stream.receive()).isEmpty();
        }

        assertThat(TestTrees.listing(dest, true)).containsExactlyElementsOf(TestTrees.listing(src, true));
        assertThat(TestTrees.listing(dest, true)).anyMatch(line -> line.startsWith("big.bin ")
                && line.contains(" owner=1234:2345 "));
    }

    @Test
    void theExporterIdPicksTheTargetAndItsAbsenceMeansTargetZero() throws Exception {
        Path src = Files.createDirectory(tmp.resolve("src"));
        Files.writeString(src.resolve("only"), "one file");
        Path zero = tmp.resolve("zero");
        Path one = tmp.resolve("one");
        FileSendTarget target = new FileSendTarget(executor).directory(0, zero).directory(1, one);
        try (InJvmGrpc grpc = new InJvmGrpc(target.service())) {
            Caller caller = grpc.caller(FileSendMethods.URL);
            FileSendCalls.copyToCaller(caller, 1, src, TreeWalk.plain(), executor, TransferProgress.NONE, () -> false);
            assertThat(Files.readString(one.resolve("only"))).isEqualTo("one file");
            assertThat(zero).doesNotExist();

            // A daemon from before exporter ids sends no header at all.
            BlockingStream<Packet> legacy = BlockingStream.call(grpc.channel, FileSendMethods.PACKETS,
                    CallOptions.DEFAULT, "legacy");
            new FileSender(executor).send(src, TreeWalk.plain(), PacketStream.of(legacy), TransferProgress.NONE,
                    () -> false);
            legacy.complete();
            assertThat(legacy.receive()).isEmpty();
            assertThat(Files.readString(zero.resolve("only"))).isEqualTo("one file");

            assertThatThrownBy(() -> FileSendCalls.copyToCaller(caller, 9, src, TreeWalk.plain(), executor,
                    TransferProgress.NONE, () -> false)).hasMessageContaining("exporter 9 not found");
        }
    }

    @Test
    void aFileTargetGetsEveryChunkAndCommitsOnlyAtTheEnd() throws Exception {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        CompletableFuture<Map<String, String>> metadata = new CompletableFuture<>();
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Void> aborted = new CompletableFuture<>();
        FileSendTarget target = new FileSendTarget(executor).file(0, md -> {
            metadata.complete(md);
            return new FileSendTarget.Sink() {
                @Override
                public void write(ByteString data) throws IOException {
                    data.writeTo(got);
                }

                @Override
                public void commit() {
                    events.add("commit");
                }

                @Override
                public void abort() {
                    events.add("abort");
                    aborted.complete(null);
                }
            };
        });
        byte[] payload = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(3).nextBytes(payload);
        try (InJvmGrpc grpc = new InJvmGrpc(target.service())) {
            Caller caller = grpc.caller(FileSendMethods.URL);
            try (FileSendCalls.FileStream out = FileSendCalls.fileWriter(caller, 0, Map.of("name", "x.tar"))) {
                out.write(payload, 0, 1000);
                out.write(payload, 1000, payload.length - 1000);
            }
            assertThat(got.toByteArray()).isEqualTo(payload);
            assertThat(events).containsExactly("commit");
            assertThat(metadata.get()).containsEntry("name", "x.tar");

            FileSendCalls.FileStream broken = FileSendCalls.fileWriter(caller, 0, Map.of());
            broken.write(new byte[10]);
            broken.flush();
            broken.abort("the build failed");
            aborted.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(events).containsExactly("commit", "abort");
        }
    }

    @Test
    void aClientWithoutAFileSendTargetIsToldWhatIsMissing() throws Exception {
        try (InJvmGrpc grpc = new InJvmGrpc(new FileSendTarget(executor).service())) {
            Caller caller = grpc.caller("/grpc.health.v1.Health/Check");
            assertThatThrownBy(() -> FileSendCalls.fileWriter(caller, 0, Map.of()))
                    .isInstanceOf(FileSyncException.class)
                    .hasMessageContaining("/moby.filesync.v1.FileSend/DiffCopy");
        }
    }
}
