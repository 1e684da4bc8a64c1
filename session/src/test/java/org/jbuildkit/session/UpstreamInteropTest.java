package org.jbuildkit.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jbuildkit.api.control.BytesMessage;
import org.jbuildkit.api.control.ControlGrpc;
import org.jbuildkit.api.control.ListWorkersRequest;
import org.jbuildkit.api.control.ListWorkersResponse;
import org.jbuildkit.api.pb.Platform;
import org.jbuildkit.api.types.WorkerRecord;
import org.jbuildkit.api.control.SolveRequest;
import org.jbuildkit.api.control.SolveResponse;
import org.jbuildkit.api.control.StatusRequest;
import org.jbuildkit.api.control.StatusResponse;
import org.jbuildkit.session.manager.Caller;
import org.jbuildkit.session.manager.SessionManager;
import org.jbuildkit.session.manager.SessionMetadataInterceptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tunnel against upstream's binaries, both ways. Needs root (buildkitd's OCI worker) and
 * {@code JBUILDKIT_UPSTREAM_BIN} pointing at a directory with upstream {@code buildkitd} and {@code buildctl}.
 */
@EnabledIfEnvironmentVariable(named = "JBUILDKIT_UPSTREAM_BIN", matches = ".+")
@Timeout(120)
class UpstreamInteropTest {

    private static final Path BIN = Path.of(System.getenv().getOrDefault("JBUILDKIT_UPSTREAM_BIN", "/nonexistent"));

    @TempDir
    Path tmp;

    @Test
    void upstreamBuildkitdHealthChecksOurSession() throws Exception {
        int port = freePort();
        Path log = tmp.resolve("buildkitd.log");
        Process buildkitd = new ProcessBuilder(BIN.resolve("buildkitd").toString(), "--debug",
                "--root", tmp.resolve("root").toString(), "--addr", "tcp://127.0.0.1:" + port,
                "--oci-worker-snapshotter", "native")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            ControlGrpc.newBlockingStub(channel).withWaitForReady().withDeadlineAfter(30, TimeUnit.SECONDS)
                    .listWorkers(ListWorkersRequest.getDefaultInstance());
            AtomicInteger checks = new AtomicInteger();
            Session session = Session.create("jbuildkit-interop", "");
            // Replaces the default health service with one that counts the daemon's checks.
            session.allow(ServerInterceptors.intercept(new HealthStatusManager().getHealthService(), counting(checks)));
            CompletableFuture<Void> done = session.run(ControlGrpc.newStub(channel));

            // Upstream checks every 5 s; three answered checks prove both directions of the tunnel.
            CompletableFuture<Void> threeChecks = CompletableFuture.runAsync(() -> {
                while (checks.get() < 3 && !done.isDone()) {
                    Thread.onSpinWait();
                }
            });
            threeChecks.get(30, TimeUnit.SECONDS);
            assertThat(done).isNotDone();
            System.out.println("upstream buildkitd health-checked session " + session.id() + " " + checks.get() + " times");
            session.close();
            assertThat(done).isCompleted();
        } finally {
            channel.shutdownNow();
            buildkitd.destroy();
            buildkitd.waitFor(10, TimeUnit.SECONDS);
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            lines.stream().filter(l -> l.contains("session") || l.contains("health")).limit(20).forEach(l -> System.out.println("buildkitd: " + l));
        }
    }

    @Test
    void upstreamBuildctlOpensASessionToOurManager() throws Exception {
        SessionManager manager = new SessionManager();
        CompletableFuture<String> probe = new CompletableFuture<>();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(new ProbeControl(manager, probe), new SessionMetadataInterceptor()))
                .build().start();
        Path context = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY . /\n");
        try {
            Process buildctl = new ProcessBuilder(BIN.resolve("buildctl").toString(),
                    "--addr", "tcp://127.0.0.1:" + server.getPort(), "build", "--frontend", "dockerfile.v0",
                    "--local", "context=.", "--local", "dockerfile=.")
                    .directory(context.toFile()).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("buildctl.log").toFile()).start();
            String observed;
            try {
                observed = probe.get(60, TimeUnit.SECONDS);
            } finally {
                buildctl.waitFor(30, TimeUnit.SECONDS);
                buildctl.destroy();
                System.out.println("buildctl: " + Files.readString(tmp.resolve("buildctl.log")));
            }
            System.out.println(observed);
            assertThat(observed).contains("/moby.filesync.v1.FileSync/DiffCopy", "health=SERVING");
        } finally {
            server.shutdownNow();
            manager.close();
        }
    }

    private static ServerInterceptor counting(AtomicInteger checks) {
        return new ServerInterceptor() {
            @Override
            public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
                    ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
                if (call.getMethodDescriptor().getFullMethodName().equals("grpc.health.v1.Health/Check")) {
                    checks.incrementAndGet();
                }
                return next.startCall(call, headers);
            }
        };
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Control that serves sessions and, on Solve, reports what it sees of the build's session. */
    private static final class ProbeControl extends ControlGrpc.ControlImplBase {
        private final SessionManager manager;
        private final CompletableFuture<String> probe;

        ProbeControl(SessionManager manager, CompletableFuture<String> probe) {
            this.manager = manager;
            this.probe = probe;
        }

        @Override
        public StreamObserver<BytesMessage> session(StreamObserver<BytesMessage> responses) {
            return manager.handleSession(responses);
        }

        @Override
        public void listWorkers(ListWorkersRequest request, StreamObserver<ListWorkersResponse> responses) {
            // buildctl picks the build platform from the first worker before it opens the session.
            responses.onNext(ListWorkersResponse.newBuilder().addRecord(WorkerRecord.newBuilder().setID("probe")
                    .addPlatforms(Platform.newBuilder().setOS("linux").setArchitecture("amd64"))).build());
            responses.onCompleted();
        }

        @Override
        public void status(StatusRequest request, StreamObserver<StatusResponse> responses) {
            // Left open: buildctl gives up on the whole build when Status fails.
        }

        @Override
        public void solve(SolveRequest request, StreamObserver<SolveResponse> responses) {
            try {
                Caller c = manager.get(request.getSession(), Duration.ofSeconds(10)).get();
                String health = HealthGrpc.newBlockingStub(c.channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance()).getStatus().toString();
                probe.complete("session " + c.id() + " name=" + c.name() + " sharedKey=" + c.sharedKey()
                        + " health=" + health + " methods=" + c.methods()
                        + " supports(FileSync/DiffCopy)=" + c.supports("/moby.filesync.v1.FileSync/DiffCopy"));
            } catch (Exception e) {
                probe.completeExceptionally(e);
            }
            responses.onError(Status.UNIMPLEMENTED.withDescription("jbuildkit session interop probe: solve not implemented here").asRuntimeException());
        }
    }
}
