package org.jbuildkit.session.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jbuildkit.session.DaemonFixture;
import org.jbuildkit.session.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SessionManagerTest {

    private static final HealthCheckConfig FAST = new HealthCheckConfig(Duration.ofMillis(200), Duration.ofMillis(300), 2);
    private DaemonFixture daemon;
    private Session session;

    @AfterEach
    void stop() throws Exception {
        if (session != null) {
            session.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void getWaitsForASessionThatConnectsLater() throws Exception {
        daemon = new DaemonFixture();
        session = Session.create("", "");
        CompletableFuture<Caller> waiting = daemon.manager.get(session.id(), Duration.ofSeconds(10));
        assertThat(waiting).isNotDone();

        session.run(daemon.control());

        assertThat(waiting.get(10, TimeUnit.SECONDS).id()).isEqualTo(session.id());
    }

    @Test
    void getIgnoresTheVertexPrefixOfTheId() throws Exception {
        daemon = new DaemonFixture();
        session = Session.create("", "");
        session.run(daemon.control());

        Caller c = daemon.manager.get("local-ctx:" + session.id(), Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);

        assertThat(c.id()).isEqualTo(session.id());
    }

    @Test
    void getOfAnUnknownSessionFailsWithUpstreamsMessage() throws Exception {
        daemon = new DaemonFixture();

        CompletableFuture<Caller> f = daemon.manager.get("nosuchsession", Duration.ofMillis(100));

        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(NoActiveSessionException.class)
                .hasMessageStartingWith("no active session for nosuchsession: ");
        assertThat(daemon.manager.find("nosuchsession")).isEmpty();
    }

    @Test
    void aStalledClientIsClosedByHealthChecksAndThenNotFound() throws Exception {
        daemon = new DaemonFixture(FAST);
        session = Session.create("", "");
        CompletableFuture<String> notified = new CompletableFuture<>();
        daemon.manager.addListener((id, reason) -> {
            if (id.equals(session.id())) {
                notified.complete(reason);
            }
        });
        session.run(daemon.control());
        Caller caller = daemon.manager.get(session.id(), Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
        // Survives several healthy checks first.
        assertThat(caller.closed().completeOnTimeout("still open", 1, TimeUnit.SECONDS).get()).isEqualTo("still open");

        daemon.frozen.set(true);

        assertThat(notified.get(10, TimeUnit.SECONDS)).startsWith("session healthcheck failed fatally: ");
        assertThat(caller.closed().get(10, TimeUnit.SECONDS)).startsWith("session healthcheck failed fatally: ");
        assertThatThrownBy(() -> daemon.manager.get(session.id(), Duration.ofMillis(200)).get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(NoActiveSessionException.class)
                .hasMessageStartingWith("no active session for " + session.id() + ": ")
                .hasMessageContaining("healthcheck failed fatally");
    }

    @Test
    void healthyClientsSurviveChecks() throws Exception {
        daemon = new DaemonFixture(FAST);
        session = Session.create("", "");
        session.run(daemon.control());
        Caller caller = daemon.manager.get(session.id(), Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);

        assertThat(caller.closed().completeOnTimeout("still open", 2, TimeUnit.SECONDS).get()).isEqualTo("still open");
        assertThat(daemon.manager.find(session.id())).isPresent();
    }

    @Test
    void upstreamsCustomTimeoutHeaderShortensChecksAndMakesOneFailureFatal() {
        HealthCheckConfig c = HealthCheckConfig.DEFAULT.withCustomTimeout(Optional.of("1500"));
        assertThat(c).isEqualTo(new HealthCheckConfig(Duration.ofMillis(1500), Duration.ofMillis(1500), 1));
        assertThat(HealthCheckConfig.DEFAULT.withCustomTimeout(Optional.of("10")).interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(HealthCheckConfig.DEFAULT.withCustomTimeout(Optional.of("x"))).isEqualTo(HealthCheckConfig.DEFAULT);
        assertThat(HealthCheckConfig.DEFAULT.withCustomTimeout(Optional.empty())).isEqualTo(HealthCheckConfig.DEFAULT);
    }
}
