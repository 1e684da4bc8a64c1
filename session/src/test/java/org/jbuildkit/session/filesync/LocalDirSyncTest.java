package org.jbuildkit.session.filesync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jbuildkit.api.filesync.FileSyncGrpc;
import org.jbuildkit.api.fsutil.Packet;
import org.jbuildkit.api.fsutil.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's side of a {@code --local} sync against a FileSync server in the JVM: the first sync
 * requests every file, the next only what changed; deletions are applied; unchanged files keep their
 * inode (what lets snapshots hard-link them); special files are skipped; the request headers and the
 * sender's trailers travel as specified.
 */
@Timeout(120)
class LocalDirSyncTest {
    @TempDir
    Path tmp;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Path> dirs = new ConcurrentHashMap<>();
    private final List<Metadata> requests = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** A minimal FileSync server: sends the named directory whole, reports a count in its trailers. */
    private ServerServiceDefinition fileSync() {
        ServerServiceDefinition plain = ServerServiceDefinition.builder(FileSyncGrpc.SERVICE_NAME)
                .addMethod(FileSyncGrpc.getDiffCopyMethod(), ServerCalls.asyncBidiStreamingCall(responses -> {
                    Metadata headers = requests.get(requests.size() - 1);
                    String name = headers.get(Metadata.Key.of("dir-name", Metadata.ASCII_STRING_MARSHALLER));
                    BlockingStream<Packet> stream = BlockingStream.serve(responses, "test FileSync");
                    executor.execute(() -> {
                        try {
                            new FileSender(executor).send(dirs.get(name), TreeWalk.plain(), PacketStream.of(stream),
                                    TransferProgress.NONE, () -> false);
                            stream.complete();
                        } catch (IOException e) {
                            stream.fail(Status.UNKNOWN.withDescription(e.getMessage()));
                        }
                    });
                    return stream.requests();
                }))
                .build();
        return ServerInterceptors.intercept(plain, new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                requests.add(headers);
                return next.startCall(new io.grpc.ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                    @Override
                    public void close(Status status, Metadata trailers) {
                        trailers.merge(new TransferCounts(7, 3, 0).toTrailers());
                        super.close(status, trailers);
                    }
                }, headers);
            }
        });
    }

    private LocalDirCalls.SyncResult sync(InJvmGrpc grpc, Path dest, List<Stat> skipped) throws IOException {
        return LocalDirCalls.sync(grpc.caller(LocalDirCalls.URL),
                new DiffCopyRequest("context", new FilterOptions(List.of("src/**"), List.of("*.log", "naïve"), List.of())), dest,
                ReceiveOptions.localCopy(skipped::add), TransferProgress.NONE);
    }

    @Test
    void onlyChangedFilesAreRequestedAndDeletionsReachTheCopy() throws Exception {
        Path src = Files.createDirectory(tmp.resolve("src"));
        Files.createDirectories(src.resolve("a/b"));
        for (int i = 0; i < 50; i++) {
            Files.writeString(src.resolve("a/b/f" + i), "content " + i);
        }
        Files.writeString(src.resolve("gone"), "to be deleted");
        Files.createDirectories(src.resolve("gonedir/x"));
        Files.writeString(src.resolve("gonedir/x/y"), "deleted with its directory");
        Files.createSymbolicLink(src.resolve("link"), Path.of("a/b/f1"));
        dirs.put("context", src);
        Path dest = Files.createDirectory(tmp.resolve("copy"));
        List<Stat> skipped = new ArrayList<>();

        try (InJvmGrpc grpc = new InJvmGrpc(fileSync())) {
            LocalDirCalls.SyncResult first = sync(grpc, dest, skipped);
            assertThat(first.received().requested()).isEqualTo(52);
            assertThat(first.sender()).contains(new TransferCounts(7, 3, 0));
            Object inode = Files.getAttribute(dest.resolve("a/b/f2"), "unix:ino");

            LocalDirCalls.SyncResult unchanged = sync(grpc, dest, skipped);
            assertThat(unchanged.received().requested()).isZero();
            assertThat(unchanged.received().kept()).isEqualTo(53);
            LocalDirCalls.SyncResult everything = LocalDirCalls.sync(grpc.caller(LocalDirCalls.URL),
                    new DiffCopyRequest("context", FilterOptions.NONE), dest,
                    ReceiveOptions.localCopy(skipped::add).requestingEverything(), TransferProgress.NONE);
            assertThat(everything.received().requested()).as("local.differ=none").isEqualTo(52);
            inode = Files.getAttribute(dest.resolve("a/b/f2"), "unix:ino");

            Files.writeString(src.resolve("a/b/f3"), "changed!!");
            Files.delete(src.resolve("gone"));
            Files.delete(src.resolve("gonedir/x/y"));
            Files.delete(src.resolve("gonedir/x"));
            Files.delete(src.resolve("gonedir"));
            Files.setLastModifiedTime(src.resolve("a/b/f4"), FileTime.fromMillis(1_000_000));
            LocalDirCalls.SyncResult changed = sync(grpc, dest, skipped);
            assertThat(changed.received().requested()).isEqualTo(2);
            assertThat(changed.received().deleted()).isEqualTo(2);
            assertThat(Files.readString(dest.resolve("a/b/f3"))).isEqualTo("changed!!");
            assertThat(dest.resolve("gone")).doesNotExist();
            assertThat(dest.resolve("gonedir")).doesNotExist();
            assertThat(Files.readSymbolicLink(dest.resolve("link"))).isEqualTo(Path.of("a/b/f1"));
            // An unchanged file is the same inode: a snapshot that links it is never written through.
            assertThat(Files.getAttribute(dest.resolve("a/b/f2"), "unix:ino")).isEqualTo(inode);
            assertThat(Files.getAttribute(dest.resolve("a/b/f2"), "unix:uid")).isEqualTo(0);
        }
        assertThat(skipped).isEmpty();
        Metadata headers = requests.get(0);
        assertThat(headers.getAll(Metadata.Key.of("include-patterns", Metadata.ASCII_STRING_MARSHALLER)))
                .containsExactly("src/**");
        assertThat(headers.getAll(Metadata.Key.of("exclude-patterns", Metadata.ASCII_STRING_MARSHALLER)))
                .containsExactly("%2A.log", "na%C3%AFve");
        assertThat(headers.get(Metadata.Key.of("exclude-patterns-encoded", Metadata.ASCII_STRING_MARSHALLER)))
                .isEqualTo("1");
    }

    @Test
    void aFifoInTheContextIsSkippedAndReported() throws Exception {
        Path src = Files.createDirectory(tmp.resolve("src"));
        Files.writeString(src.resolve("file"), "x");
        new ProcessBuilder("mkfifo", src.resolve("pipe").toString()).start().waitFor();
        dirs.put("context", src);
        Path dest = Files.createDirectory(tmp.resolve("copy"));
        List<Stat> skipped = new ArrayList<>();
        try (InJvmGrpc grpc = new InJvmGrpc(fileSync())) {
            LocalDirCalls.SyncResult result = sync(grpc, dest, skipped);
            assertThat(result.received().skipped()).isEqualTo(1);
        }
        assertThat(skipped).extracting(Stat::getPath).containsExactly("pipe");
        assertThat(dest.resolve("pipe")).doesNotExist();
        assertThat(dest.resolve("file")).hasContent("x");
    }

    @Test
    void aClientWithoutFileSyncIsToldHowToPassTheDirectory() throws Exception {
        try (InJvmGrpc grpc = new InJvmGrpc(fileSync())) {
            assertThatThrownBy(() -> LocalDirCalls.sync(grpc.caller(), new DiffCopyRequest("context",
                    FilterOptions.NONE), tmp, ReceiveOptions.localCopy(s -> { }), TransferProgress.NONE))
                    .hasMessageContaining("cannot send local directory \"context\"")
                    .hasMessageContaining("--local context=DIR");
        }
    }
}
