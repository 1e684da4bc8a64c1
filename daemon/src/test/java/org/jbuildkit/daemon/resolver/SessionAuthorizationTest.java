package org.jbuildkit.daemon.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jbuildkit.daemon.solver.SessionGroup;
import org.jbuildkit.registry.auth.AuthenticationException;
import org.jbuildkit.registry.auth.BearerTokenCache;
import org.jbuildkit.registry.auth.CredentialSource;
import org.jbuildkit.registry.auth.Credentials;
import org.jbuildkit.registry.auth.Principals;
import org.jbuildkit.registry.auth.RegistryAuthenticator;
import org.jbuildkit.registry.auth.Scope;
import org.jbuildkit.registry.auth.TokenFetcher;
import org.jbuildkit.registry.auth.TokenRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionAuthorizationTest {

    private static final String HOST = "reg.example:5000";
    private static final String CREDENTIALS = SessionAuthCalls.CREDENTIALS;
    private static final String FETCH_TOKEN = SessionAuthCalls.FETCH_TOKEN;
    /** Never contacted: the clients fetch the tokens. */
    private static final URI REALM = URI.create("http://127.0.0.1:9/token");
    private static final List<Scope> PULL = List.of(Scope.pull("team/app"));
    private static final String CHALLENGE = "Bearer realm=\"" + REALM + "\",service=\"svc\"";

    private final Clock clock = Clock.systemUTC();
    private final BearerTokenCache sharedTokens = new BearerTokenCache(clock);
    private final TokenFetcher daemonFetcher = new TokenFetcher(HttpClient.newHttpClient(), clock);
    private final Map<String, Credentials> daemonConfig = new HashMap<>();
    private final CredentialSource daemonCredentials = new CredentialSource() {
        @Override
        public Optional<Credentials> credentials(String host) {
            return Optional.ofNullable(daemonConfig.get(host));
        }

        @Override
        public String toString() {
            return "/etc/daemon/config.json";
        }
    };
    private final List<FakeClientAuth> clients = new java.util.ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (FakeClientAuth client : clients) {
            client.close();
        }
    }

    private FakeClientAuth client(String id, Map<String, Credentials> credentials, String... methods) throws Exception {
        var answers = new HashMap<String, org.jbuildkit.api.auth.CredentialsResponse>();
        credentials.forEach((host, c) -> answers.put(host, FakeClientAuth.password(c.username(), c.secret())));
        var client = new FakeClientAuth(id, answers, methods);
        clients.add(client);
        return client;
    }

    private SessionAuthorization authorization(SessionGroup sessions) {
        return new SessionAuthorization(sessions, daemonCredentials, daemonFetcher, new SessionAuthCalls(clock), () -> { });
    }

    private RegistryAuthenticator authenticator(SessionAuthorization authorization) {
        return new RegistryAuthenticator(authorization, authorization, sharedTokens);
    }

    @Test
    void aTokenTheClientFetchedServesOnlyItsOwnSessionsBuild() throws Exception {
        Map<String, Credentials> bob = Map.of(HOST, Credentials.password("bob", "pw"));
        FakeClientAuth first = client("aaa", bob, CREDENTIALS, FETCH_TOKEN);
        FakeClientAuth second = client("bbb", bob, CREDENTIALS, FETCH_TOKEN);
        RegistryAuthenticator firstBuild = authenticator(authorization(first.group()));
        RegistryAuthenticator secondBuild = authenticator(authorization(second.group()));

        assertThat(firstBuild.respondTo(HOST, List.of(CHALLENGE), PULL)).isEqualTo("Bearer aaa-token-1");
        assertThat(firstBuild.authorization(HOST, PULL)).hasValue("Bearer aaa-token-1");
        assertThat(secondBuild.respondTo(HOST, List.of(CHALLENGE), PULL))
                .as("the same host, realm and scope, but another session: its own client fetches")
                .isEqualTo("Bearer bbb-token-1");
        assertThat(first.calls).containsExactly("Credentials " + HOST, "FetchToken " + HOST + " repository:team/app:pull");
        assertThat(second.calls).containsExactly("Credentials " + HOST, "FetchToken " + HOST + " repository:team/app:pull");
    }

    @Test
    void clientTokensAreKeyedBySessionAndDaemonTokensByCredentials() throws Exception {
        FakeClientAuth offering = client("aaa", Map.of(HOST, Credentials.password("bob", "pw")), CREDENTIALS, FETCH_TOKEN);
        FakeClientAuth notOffering = client("bbb", Map.of(HOST, Credentials.password("bob", "pw")), CREDENTIALS);
        var request = new TokenRequest(HOST, REALM, "svc", PULL);
        Credentials bob = Credentials.password("bob", "pw");
        assertThat(authorization(offering.group()).principal(request, bob)).isEqualTo("session:aaa");
        assertThat(authorization(notOffering.group()).principal(request, bob)).isEqualTo(Principals.of(bob));
        assertThat(authorization(SessionGroup.NONE).principal(request, null)).isEqualTo(Principals.ANONYMOUS);
    }

    @Test
    void credentialsAreAskedOncePerHostForTheBuild() throws Exception {
        FakeClientAuth client = client("aaa", Map.of(HOST, Credentials.password("bob", "pw")), CREDENTIALS, FETCH_TOKEN);
        SessionAuthorization build = authorization(client.group());
        assertThat(build.lookup(HOST).describe()).isEqualTo("user \"bob\" with a password from the client's docker"
                + " config (session aaa)");
        build.lookup(HOST);
        build.lookup("other.example");
        assertThat(client.calls).containsExactly("Credentials " + HOST, "Credentials other.example");
    }

    @Test
    void theDaemonsConfigIsTheFallbackForHostsTheClientHasNoCredentialsFor() throws Exception {
        Credentials daemons = Credentials.password("ci", "daemon-pw");
        daemonConfig.put(HOST, daemons);
        FakeClientAuth client = client("aaa", Map.of(), CREDENTIALS, FETCH_TOKEN);
        SessionAuthorization build = authorization(client.group());
        assertThat(build.lookup(HOST).credentials()).hasValue(daemons);
        assertThat(build.lookup(HOST).source()).startsWith("the daemon's own /etc/daemon/config.json")
                .contains("has none for " + HOST);
        assertThat(build.principal(new TokenRequest(HOST, REALM, "svc", PULL), daemons))
                .as("the client cannot present the daemon's credentials: the daemon fetches that token")
                .isEqualTo(Principals.of(daemons));
    }

    @Test
    void aBuildWithoutASessionUsesTheDaemonsConfig() {
        daemonConfig.put(HOST, Credentials.password("ci", "daemon-pw"));
        assertThat(authorization(SessionGroup.NONE).lookup(HOST).source())
                .isEqualTo("the daemon's own /etc/daemon/config.json (this build has no client session)");
    }

    @Test
    void aRefusedClientTokenRequestSaysItWasTheClients() throws Exception {
        FakeClientAuth client = client("aaa", Map.of(HOST, Credentials.password("bob", "wrong")), CREDENTIALS, FETCH_TOKEN);
        client.refuseTokens = Status.UNAUTHENTICATED.withDescription("GET " + REALM + " answered 401 Unauthorized");
        RegistryAuthenticator build = authenticator(authorization(client.group()));
        assertThatThrownBy(() -> build.respondTo(HOST, List.of(CHALLENGE), PULL))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("the client's token request to " + REALM + " for " + HOST + " failed: GET "
                        + REALM + " answered 401 Unauthorized")
                .hasMessageContaining("fix: run `docker login " + HOST + "` with the right password")
                .satisfies(e -> assertThat(((AuthenticationException) e).status()).hasValue(401));
    }

    @Test
    void anEndedSessionForgetsWhatItsClientAnswered() throws Exception {
        FakeClientAuth client = client("aaa", Map.of(HOST, Credentials.password("bob", "pw")), CREDENTIALS);
        var forgotten = new java.util.concurrent.atomic.AtomicBoolean();
        var build = new SessionAuthorization(client.group(), daemonCredentials, daemonFetcher,
                new SessionAuthCalls(clock), () -> forgotten.set(true));
        build.lookup(HOST);
        client.endSession();
        assertThat(forgotten).isTrue();
    }
}
