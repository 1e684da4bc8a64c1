package org.jbuildkit.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenFetcherTest {

    private static final String SECRET = "refresh-S3CRET-value";
    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
    private final FakeTokenServer server = new FakeTokenServer(r -> new FakeTokenServer.Answer(200, "{\"token\":\"T1\"}"));
    private final TokenFetcher fetcher = new TokenFetcher(HttpClient.newHttpClient(), clock);

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void getCarriesServiceEveryScopeAndBasicAuth() throws Exception {
        server.answer(r -> new FakeTokenServer.Answer(200,
                "{\"token\":\"T1\",\"expires_in\":300,\"issued_at\":\"2024-05-01T09:59:00Z\"}"));
        BearerToken token = fetcher.fetch(server.realm(), "my registry", List.of(Scope.pull("a"), Scope.push("b")),
                Credentials.password("alice", "pw"));
        assertThat(token.token()).isEqualTo("T1");
        assertThat(token.expiresIn()).isEqualTo(Duration.ofSeconds(300));
        assertThat(token.issuedAt()).isEqualTo(Instant.parse("2024-05-01T09:59:00Z"));
        var request = server.requests.get(0);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(URLDecoder.decode(request.uri().getRawQuery(), StandardCharsets.UTF_8))
                .isEqualTo("service=my registry&scope=repository:a:pull&scope=repository:b:pull,push");
        assertThat(request.authorization()).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("alice:pw".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anonymousGetHasNoAuthorizationAndDefaultLifetime() throws Exception {
        server.answer(r -> new FakeTokenServer.Answer(200, "{\"access_token\":\"A1\",\"issued_at\":\"2099-01-01T00:00:00Z\"}"));
        BearerToken token = fetcher.fetch(server.realm(), "svc", List.of(Scope.pull("a")), null);
        assertThat(token.token()).isEqualTo("A1");
        assertThat(token.expiresIn()).isEqualTo(BearerToken.DEFAULT_LIFETIME);
        assertThat(token.issuedAt()).as("a server clock ahead of ours is not trusted").isEqualTo(clock.instant());
        assertThat(server.requests.get(0).authorization()).isNull();
    }

    @Test
    void identityTokenUsesTheOAuth2Form() throws Exception {
        server.answer(r -> new FakeTokenServer.Answer(200, "{\"access_token\":\"OA\",\"expires_in\":120}"));
        BearerToken token = fetcher.fetch(server.realm(), "svc", List.of(Scope.pull("a"), Scope.push("b")),
                Credentials.identityToken("", SECRET));
        assertThat(token.token()).isEqualTo("OA");
        var request = server.requests.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(URLDecoder.decode(request.body(), StandardCharsets.UTF_8).split("&")).contains(
                "grant_type=refresh_token", "refresh_token=" + SECRET, "service=svc",
                "scope=repository:a:pull repository:b:pull,push", "client_id=" + TokenFetcher.CLIENT_ID);
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void oauthPostFallsBackToGetWhenUnsupported() throws Exception {
        for (int status : new int[] {404, 405}) {
            server.requests.clear();
            server.answer(r -> r.method().equals("POST") ? new FakeTokenServer.Answer(status, "")
                    : new FakeTokenServer.Answer(200, "{\"token\":\"G\"}"));
            BearerToken token = fetcher.fetch(server.realm(), "svc", List.of(Scope.pull("a")),
                    Credentials.identityToken("", SECRET));
            assertThat(token.token()).isEqualTo("G");
            assertThat(server.requests).extracting(FakeTokenServer.Request::method).containsExactly("POST", "GET");
        }
    }

    @Test
    void refusalNamesTheRealmAndStatusButNeverTheSecret() {
        server.answer(r -> new FakeTokenServer.Answer(403,
                "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"no access; you sent " + SECRET + "\"}]}"));
        assertThatThrownBy(() -> fetcher.fetch(server.realm(), "svc", List.of(Scope.push("a")),
                Credentials.identityToken("", SECRET)))
                .isInstanceOf(TokenFetchException.class)
                .hasMessageContaining("POST " + server.realm() + " answered 403 Forbidden")
                .hasMessageContaining("DENIED")
                .hasMessageNotContaining(SECRET)
                .satisfies(e -> assertThat(((TokenFetchException) e).status()).isEqualTo(403));
    }

    @Test
    void bodyWithoutTokenIsReported() {
        server.answer(r -> new FakeTokenServer.Answer(200, "{}"));
        assertThatThrownBy(() -> fetcher.fetch(server.realm(), "svc", List.of(), null))
                .hasMessageContaining("without a \"token\" or \"access_token\"");
    }
}
