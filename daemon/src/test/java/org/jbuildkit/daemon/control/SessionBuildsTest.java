package org.jbuildkit.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jbuildkit.api.control.BytesMessage;
import org.jbuildkit.api.control.ControlGrpc;
import org.jbuildkit.session.Session;
import org.jbuildkit.session.manager.Caller;
import org.jbuildkit.session.manager.NoActiveSessionException;
import org.jbuildkit.session.manager.SessionManager;
import org.jbuildkit.session.manager.SessionMetadataInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SessionBuildsTest {
    private final SessionManager manager = new SessionManager();
    private final SessionBuilds builds = new SessionBuilds(manager);

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void theEndOfASessionCancelsItsBuildsOnceAndExplainsWhy() {
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        SessionBuilds.Binding a = builds.bind("sess1", "ref-a", first::incrementAndGet);
        SessionBuilds.Binding b = builds.bind("sess1", "ref-b", second::incrementAndGet);
        SessionBuilds.Binding c = builds.bind("sess2", "ref-c", other::incrementAndGet);

        builds.sessionClosed("sess1", "session healthcheck failed fatally: DEADLINE_EXCEEDED");
        builds.sessionClosed("sess1", "again");

        assertThat(first).hasValue(1);
        assertThat(second).hasValue(1);
        assertThat(other).hasValue(0);
        CancellationException cancelled = new CancellationException("build cancelled");
        assertThat(a.explain(cancelled)).isInstanceOf(NoActiveSessionException.class)
                .hasMessage("no active session for sess1: session healthcheck failed fatally: DEADLINE_EXCEEDED");
        assertThat(c.explain(cancelled)).isSameAs(cancelled);
        a.close();
        b.close();
        c.close();
        assertThat(builds.size()).isZero();
    }

    @Test
    void aBuildWithoutASessionIsNeverCancelled() {
        AtomicInteger cancels = new AtomicInteger();
        SessionBuilds.Binding none = builds.bind("", "ref", cancels::incrementAndGet);

        builds.sessionClosed("", "whatever");

        assertThat(cancels).hasValue(0);
        assertThat(builds.size()).isZero();
        none.close();
    }

    @Test
    void aBuildWhoseSessionEndedBeforeItStartedIsCancelledAtOnce() throws Exception {
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(new ControlGrpc.ControlImplBase() {
                    @Override
                    public StreamObserver<BytesMessage> session(StreamObserver<BytesMessage> responses) {
                        return manager.handleSession(responses);
                    }
                }, new SessionMetadataInterceptor())).build().start();
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        try {
            Session session = Session.create("", "");
            session.run(ControlGrpc.newStub(channel));
            Caller caller = manager.get(session.id(), Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
            session.close();
            caller.closed().get(10, TimeUnit.SECONDS);
            AtomicInteger cancels = new AtomicInteger();

            SessionBuilds.Binding late = builds.bind(session.id(), "late", cancels::incrementAndGet);

            assertThat(cancels).hasValue(1);
            assertThat(late.explain(new CancellationException())).hasMessage("no active session for " + session.id()
                    + ": session closed by client");
            late.close();
            assertThat(builds.size()).isZero();
        } finally {
            channel.shutdownNow();
            server.shutdownNow();
        }
    }
}
