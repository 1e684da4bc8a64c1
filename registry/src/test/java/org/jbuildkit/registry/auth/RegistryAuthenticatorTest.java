package org.jbuildkit.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegistryAuthenticatorTest {

    private static final String SECRET = "pa55-S3CRET-word";
    private static final String HOST = "reg.example:5000";
    private static final List<Scope> PULL = List.of(Scope.pull("library/busybox"));

    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
    private final FakeTokenServer server = new FakeTokenServer(r -> new FakeTokenServer.Answer(200,
            "{\"token\":\"tok-" + r.uri().getRawQuery().hashCode() + "\",\"expires_in\":100}"));
    private final Map<String, Credentials> stored = new HashMap<>();
    private final CredentialSource source = new CredentialSource() {
        @Override
        public Optional<Credentials> credentials(String host) {
            return Optional.ofNullable(stored.get(host));
        }

        @Override
        public String toString() {
            return "test store";
        }
    };
    private final RegistryAuthenticator authenticator =
            new RegistryAuthenticator(source, new TokenFetcher(HttpClient.newHttpClient(), clock), clock);

    @AfterEach
    void stop() {
        server.close();
    }

    private String bearerChallenge(String extra) {
        return "Bearer realm=\"" + server.realm() + "\",service=\"svc\"" + extra;
    }

    @Test
    void nothingUpFrontUntilTheHostChallenges() {
        assertThat(authenticator.authorization(HOST, PULL)).isEmpty();
    }

    @Test
    void anonymousBearerTokenIsFetchedThenSentUpFront() {
        String header = authenticator.respondTo(HOST, List.of(bearerChallenge(",scope=\"repository:library/busybox:pull\"")), PULL);
        assertThat(header).startsWith("Bearer tok-");
        assertThat(server.requests.get(0).authorization()).isNull();
        assertThat(authenticator.authorization(HOST, PULL)).hasValue(header);
        assertThat(server.requests).hasSize(1);
        clock.advance(Duration.ofSeconds(95));
        assertThat(authenticator.authorization(HOST, PULL)).hasValue(header);
        assertThat(server.requests).as("expired tokens are refreshed").hasSize(2);
    }

    @Test
    void bearerWithCredentialsPresentsThemToTheTokenServer() {
        stored.put(HOST, Credentials.password("alice", SECRET));
        authenticator.respondTo(HOST, List.of(bearerChallenge("")), PULL);
        assertThat(server.requests.get(0).authorization()).startsWith("Basic ");
    }

    @Test
    void tokenServerRefusalSaysHostScopeCredentialsStatusAndFix() {
        stored.put(HOST, Credentials.password("alice", SECRET));
        server.answer(r -> new FakeTokenServer.Answer(401, "{\"details\":\"bad password\"}"));
        assertThatThrownBy(() -> authenticator.respondTo(HOST, List.of(bearerChallenge("")), List.of(Scope.push("app"))))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("registry " + HOST)
                .hasMessageContaining("repository:app:pull,push")
                .hasMessageContaining("GET " + server.realm() + " answered 401 Unauthorized")
                .hasMessageContaining("user \"alice\" with a password from test store")
                .hasMessageContaining("fix: run `docker login " + HOST + "`")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void anonymousRefusalSaysNoCredentialsWereFound() {
        server.answer(r -> new FakeTokenServer.Answer(403, ""));
        assertThatThrownBy(() -> authenticator.respondTo(HOST, List.of(bearerChallenge("")), PULL))
                .hasMessageContaining("403 Forbidden")
                .hasMessageContaining("no credentials for " + HOST + " (looked in test store)")
                .satisfies(e -> assertThat(((AuthenticationException) e).status()).hasValue(403));
    }

    @Test
    void unreachableTokenServerNamesTheRealm() {
        String realm = "http://127.0.0.1:1/token";
        assertThatThrownBy(() -> authenticator.respondTo(HOST, List.of("Bearer realm=\"" + realm + "\""), PULL))
                .hasMessageContaining("GET " + realm + " failed")
                .hasMessageContaining("fix: check that the token server " + realm + " is reachable");
    }

    @Test
    void aRefusedTokenIsNotFetchedAgainForever() {
        authenticator.respondTo(HOST, List.of(bearerChallenge("")), PULL);
        assertThatThrownBy(() -> authenticator.respondTo(HOST,
                List.of(bearerChallenge(",error=\"insufficient_scope\"")), PULL))
                .hasMessageContaining("refused the token for repository:library/busybox:pull")
                .hasMessageContaining("insufficient_scope");
    }

    @Test
    void basicIsAnsweredThenSentUpFrontAndASecond401NamesTheCredentials() {
        stored.put(HOST, Credentials.password("alice", SECRET));
        String header = authenticator.respondTo(HOST, List.of("Basic realm=\"Registry Realm\""), PULL);
        assertThat(header).isEqualTo(Credentials.password("alice", SECRET).basicAuthorization());
        assertThat(authenticator.authorization(HOST, PULL)).hasValue(header);
        assertThatThrownBy(() -> authenticator.respondTo(HOST, List.of("Basic realm=\"Registry Realm\""), PULL))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("registry " + HOST + " refused user \"alice\" with a password from test store")
                .hasMessageContaining("for repository:library/busybox:pull with 401 Unauthorized")
                .hasMessageContaining("fix: run `docker login " + HOST + "` with the right password")
                .hasMessageNotContaining(SECRET)
                .hasMessageNotContaining(header.substring(6));
    }

    @Test
    void basicWithoutCredentialsSaysWhereItLooked() {
        assertThatThrownBy(() -> authenticator.respondTo(HOST, List.of("Basic realm=x"), PULL))
                .hasMessageContaining("no credentials for " + HOST + " (looked in test store)")
                .hasMessageContaining("fix: run `docker login " + HOST + "`");
    }

    @Test
    void dockerHubFixNeedsNoHost() {
        assertThatThrownBy(() -> authenticator.respondTo("docker.io", List.of("Basic realm=x"), PULL))
                .hasMessageContaining("fix: run `docker login`");
    }

    @Test
    void registryTokenIsSentAsIs() {
        stored.put(HOST, Credentials.registryToken(SECRET));
        assertThat(authenticator.respondTo(HOST, List.of(bearerChallenge("")), PULL)).isEqualTo("Bearer " + SECRET);
        assertThat(server.requests).isEmpty();
    }

    @Test
    void unsupportedChallengeIsExplained() {
        assertThatThrownBy(() -> authenticator.respondTo(HOST, List.of("Negotiate"), PULL))
                .hasMessageContaining("only negotiate challenges");
        assertThatThrownBy(() -> authenticator.respondTo(HOST, List.of(), PULL))
                .hasMessageContaining("no WWW-Authenticate challenge");
        assertThatThrownBy(() -> authenticator.respondTo(HOST, List.of("Bearer service=x"), PULL))
                .hasMessageContaining("realm \"\" is not an http(s) URL");
    }
}
