package org.jbuildkit.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jbuildkit.api.filesync.BytesMessage;
import org.jbuildkit.api.filesync.FileSendGrpc;
import org.jbuildkit.api.secrets.GetSecretRequest;
import org.jbuildkit.api.secrets.SecretsGrpc;
import org.jbuildkit.session.manager.Caller;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SessionTunnelTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private DaemonFixture daemon;
    private final List<Session> sessions = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        daemon = new DaemonFixture();
    }

    @AfterEach
    void stop() throws Exception {
        sessions.forEach(Session::close);
        daemon.close();
    }

    private Session session(String name, String sharedKey) {
        Session s = Session.create(name, sharedKey);
        sessions.add(s);
        return s;
    }

    private Caller connect(Session s) throws Exception {
        s.run(daemon.control());
        return daemon.manager.get(s.id(), WAIT).get(10, TimeUnit.SECONDS);
    }

    @Test
    void daemonCallsClientServiceThroughTheTunnel() throws Exception {
        Session s = session("buildctl", "");
        s.allow(new TestServices.FixedSecrets("t1"));
        Caller caller = connect(s);

        String data = SecretsGrpc.newBlockingStub(caller.channel())
                .getSecret(GetSecretRequest.newBuilder().setID("npmrc").build())
                .getData().toString(StandardCharsets.UTF_8);
        HealthCheckResponse health = HealthGrpc.newBlockingStub(caller.channel()).check(HealthCheckRequest.getDefaultInstance());

        assertThat(data).isEqualTo("secret-of-npmrc@t1");
        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void advertisesExactlyTheAttachedMethods() throws Exception {
        Session s = session("my-build", "shared-key-1");
        s.allow(new TestServices.FixedSecrets("t"));
        Caller caller = connect(s);

        assertThat(caller.id()).isEqualTo(s.id());
        assertThat(caller.name()).isEqualTo("my-build");
        assertThat(caller.sharedKey()).isEqualTo("shared-key-1");
        assertThat(caller.methods()).containsExactlyInAnyOrderElementsOf(s.methods());
        assertThat(caller.methods())
                .contains("/moby.buildkit.secrets.v1.Secrets/GetSecret", "/grpc.health.v1.Health/Check")
                .allMatch(m -> m.startsWith("/grpc.health.v1.Health/") || m.startsWith("/moby.buildkit.secrets.v1.Secrets/"));
        assertThat(caller.supports("/moby.buildkit.secrets.v1.Secrets/GetSecret")).isTrue();
        assertThat(caller.supports("/MOBY.buildkit.secrets.v1.Secrets/getsecret")).isTrue();
        assertThat(caller.supports("/moby.filesync.v1.FileSync/DiffCopy")).isFalse();
        assertThat(caller.supports("/moby.filesync.v1.FileSend/DiffCopy")).isFalse();
    }

    @Test
    void twentyConcurrentSessionsEachCallBack() throws Exception {
        List<Session> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Session s = session("s" + i, "");
            s.allow(new TestServices.FixedSecrets("client-" + i));
            all.add(s);
        }
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (Session s : all) {
            s.run(daemon.control());
        }
        for (int i = 0; i < all.size(); i++) {
            String id = all.get(i).id();
            answers.add(daemon.manager.get(id, WAIT).thenApplyAsync(c -> SecretsGrpc.newBlockingStub(c.channel())
                    .getSecret(GetSecretRequest.newBuilder().setID(id).build())
                    .getData().toString(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < all.size(); i++) {
            assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("secret-of-" + all.get(i).id() + "@client-" + i);
        }
        assertThat(daemon.manager.sessions()).hasSize(20);
    }

    @Test
    void twentyMebibytesCrossBothWaysIntact() throws Exception {
        Session s = session("", "");
        s.allow(new TestServices.EchoFileSend());
        Caller caller = connect(s);

        int chunk = 256 * 1024;
        int chunks = 80;
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        MessageDigest echoed = MessageDigest.getInstance("SHA-256");
        long[] received = new long[1];
        CompletableFuture<Void> done = new CompletableFuture<>();
        Random random = new Random(42);
        FileSendGrpc.newStub(caller.channel()).diffCopy(new ClientResponseObserver<BytesMessage, BytesMessage>() {
            int next;

            @Override
            public void beforeStart(ClientCallStreamObserver<BytesMessage> requests) {
                requests.setOnReadyHandler(() -> {
                    while (requests.isReady() && next < chunks) {
                        byte[] b = new byte[chunk];
                        random.nextBytes(b);
                        sent.update(b);
                        requests.onNext(BytesMessage.newBuilder().setData(ByteString.copyFrom(b)).build());
                        if (++next == chunks) {
                            requests.onCompleted();
                        }
                    }
                });
            }

            @Override
            public void onNext(BytesMessage value) {
                echoed.update(value.getData().asReadOnlyByteBuffer());
                received[0] += value.getData().size();
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(null);
            }
        });
        done.get(50, TimeUnit.SECONDS);

        assertThat(received[0]).isEqualTo((long) chunk * chunks);
        assertThat(HexFormat.of().formatHex(echoed.digest())).isEqualTo(HexFormat.of().formatHex(sent.digest()));
    }

    @Test
    void closingTheClientSessionEndsItOnTheDaemon() throws Exception {
        Session s = session("", "");
        Caller caller = connect(s);
        List<String> notified = new ArrayList<>();
        daemon.manager.addListener((id, reason) -> {
            synchronized (notified) {
                notified.add(id + ": " + reason);
            }
        });

        s.close();

        assertThat(caller.closed().get(10, TimeUnit.SECONDS)).isEqualTo("session closed by client");
        assertThat(s.done()).isCompleted();
        assertThat(daemon.manager.find(s.id())).isEmpty();
        synchronized (notified) {
            assertThat(notified).containsExactly(s.id() + ": session closed by client");
        }
    }

    @Test
    void daemonShuttingDownEndsTheClientSession() throws Exception {
        Session s = session("", "");
        connect(s);

        daemon.manager.close();

        s.done().get(10, TimeUnit.SECONDS);
    }

    @Test
    void sessionIdsHaveUpstreamsForm() {
        assertThat(Session.create("", "").id()).hasSize(25).matches("[0-9a-z]{25}");
        assertThat(org.jbuildkit.api.Identity.newId()).isNotEqualTo(org.jbuildkit.api.Identity.newId());
    }
}
