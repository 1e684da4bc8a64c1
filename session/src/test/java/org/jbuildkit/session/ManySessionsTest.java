package org.jbuildkit.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jbuildkit.api.filesync.BytesMessage;
import org.jbuildkit.api.filesync.FileSendGrpc;
import org.jbuildkit.api.secrets.GetSecretRequest;
import org.jbuildkit.api.secrets.SecretsGrpc;
import org.jbuildkit.session.manager.Caller;
import org.jbuildkit.session.manager.HealthCheckConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many sessions against one daemon-side session manager: all open at once, each calling through its
 * own tunnel while the others do (with health checks running throughout), and many in a row, which
 * must leave neither sessions nor threads behind.
 */
@Timeout(300)
class ManySessionsTest {

    /** Checks often, so that many run while the tunnels are busy; a starved check would end a session. */
    private static final HealthCheckConfig FREQUENT = new HealthCheckConfig(Duration.ofMillis(250), Duration.ofSeconds(15), 2);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private DaemonFixture daemon;

    @BeforeEach
    void start() throws Exception {
        daemon = new DaemonFixture(FREQUENT);
    }

    @AfterEach
    void stop() throws Exception {
        daemon.close();
    }

    @Test
    void sixtySessionsOpenAtOnceEachCallThroughTheirOwnTunnelConcurrently() throws Exception {
        int count = 60;
        List<Session> sessions = new ArrayList<>();
        List<Caller> callers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Session s = Session.create("s" + i, "")
                    .allow(new TestServices.FixedSecrets("client-" + i))
                    .allow(new TestServices.EchoFileSend());
            sessions.add(s);
            s.run(daemon.control());
        }
        for (Session s : sessions) {
            callers.add(daemon.manager.get(s.id(), WAIT).get(30, TimeUnit.SECONDS));
        }
        assertThat(daemon.manager.sessions()).hasSize(count);

        ExecutorService clients = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<String>>> results = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Caller caller = callers.get(i);
                int seed = i;
                results.add(clients.submit(() -> {
                    go.await();
                    return callThrough(caller, seed);
                }));
            }
            go.countDown();
            for (int i = 0; i < count; i++) {
                String id = sessions.get(i).id();
                List<String> expected = new ArrayList<>();
                for (int k = 0; k < 10; k++) {
                    expected.add("secret-of-" + id + "-" + k + "@client-" + i);
                }
                expected.add("echo intact");
                assertThat(results.get(i).get(120, TimeUnit.SECONDS)).as("session %d", i).isEqualTo(expected);
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(callers).as("no session ended while all were busy: health checks kept up")
                .allSatisfy(c -> assertThat(c.closed()).isNotDone());
        sessions.forEach(Session::close);
        for (Caller c : callers) {
            assertThat(c.closed().get(30, TimeUnit.SECONDS)).isEqualTo("session closed by client");
        }
        assertThat(daemon.manager.sessions()).isEmpty();
    }

    @Test
    void twoHundredSessionsInARowLeaveNoSessionAndNoThreadBehind() throws Exception {
        for (int i = 0; i < 20; i++) {
            oneSession(i);
        }
        int threadsAfterWarmUp = liveThreads();

        for (int i = 20; i < 220; i++) {
            oneSession(i);
        }

        assertThat(daemon.manager.sessions()).isEmpty();
        assertThat(liveThreads()).as("threads after 200 more sessions (were %d after 20)", threadsAfterWarmUp)
                .isLessThanOrEqualTo(threadsAfterWarmUp + 8);
    }

    private void oneSession(int i) throws Exception {
        Session s = Session.create("seq" + i, "").allow(new TestServices.FixedSecrets("seq-" + i));
        s.run(daemon.control());
        Caller caller = daemon.manager.get(s.id(), WAIT).get(30, TimeUnit.SECONDS);
        String secret = SecretsGrpc.newBlockingStub(caller.channel()).withDeadlineAfter(30, TimeUnit.SECONDS)
                .getSecret(GetSecretRequest.newBuilder().setID("x").build()).getData().toString(StandardCharsets.UTF_8);
        assertThat(secret).isEqualTo("secret-of-x@seq-" + i);
        s.close();
        assertThat(caller.closed().get(30, TimeUnit.SECONDS)).isEqualTo("session closed by client");
        assertThat(daemon.manager.find(s.id())).isEmpty();
        assertThat(s.done()).isCompleted();
    }

    /** Ten unary calls and one streaming echo, all through this session's tunnel. */
    private static List<String> callThrough(Caller caller, int seed) throws Exception {
        List<String> answers = new ArrayList<>();
        SecretsGrpc.SecretsBlockingStub secrets = SecretsGrpc.newBlockingStub(caller.channel())
                .withDeadlineAfter(60, TimeUnit.SECONDS);
        CompletableFuture<byte[]> echoed = echo(caller.channel(), payload(seed));
        for (int k = 0; k < 10; k++) {
            answers.add(secrets.getSecret(GetSecretRequest.newBuilder().setID(caller.id() + "-" + k).build())
                    .getData().toString(StandardCharsets.UTF_8));
        }
        answers.add(java.util.Arrays.equals(echoed.get(60, TimeUnit.SECONDS), payload(seed)) ? "echo intact" : "echo differs");
        return answers;
    }

    private static byte[] payload(int seed) {
        byte[] b = new byte[256 * 1024];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static CompletableFuture<byte[]> echo(Channel channel, byte[] data) {
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        StreamObserver<BytesMessage> requests = FileSendGrpc.newStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
                .diffCopy(new StreamObserver<>() {
                    @Override
                    public void onNext(BytesMessage value) {
                        synchronized (back) {
                            back.writeBytes(value.getData().toByteArray());
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        synchronized (back) {
                            done.complete(back.toByteArray());
                        }
                    }
                });
        int chunk = 32 * 1024;
        for (int off = 0; off < data.length; off += chunk) {
            requests.onNext(BytesMessage.newBuilder().setData(ByteString.copyFrom(data, off, chunk)).build());
        }
        requests.onCompleted();
        return done;
    }

    private static int liveThreads() {
        return Thread.getAllStackTraces().size();
    }
}
