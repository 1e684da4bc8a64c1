package org.jbuildkit.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BearerTokenCacheTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
    private final AtomicInteger issued = new AtomicInteger();
    private final FakeTokenServer server = new FakeTokenServer(r -> new FakeTokenServer.Answer(200,
            "{\"token\":\"T" + issued.incrementAndGet() + "\",\"expires_in\":100}"));
    private final TokenFetcher fetcher = new TokenFetcher(HttpClient.newHttpClient(), clock);
    private final BearerTokenCache cache = new BearerTokenCache(clock);

    @AfterEach
    void stop() {
        server.close();
    }

    private BearerTokenCache.Key key(List<Scope> scopes) {
        return new BearerTokenCache.Key("reg:5000", server.realm(), "svc", scopes, Principals.ANONYMOUS);
    }

    private BearerToken get(BearerTokenCache.Key key) throws TokenFetchException {
        return cache.get(key, () -> fetcher.fetch(key.realm(), key.service(), key.scopes(), null));
    }

    @Test
    void reusesTheTokenForNinetyPercentOfItsLifetimeThenRefreshes() throws Exception {
        assertThat(get(key(List.of(Scope.pull("a")))).token()).isEqualTo("T1");
        clock.advance(Duration.ofSeconds(89));
        assertThat(get(key(List.of(Scope.pull("a")))).token()).isEqualTo("T1");
        assertThat(server.requests).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.cached(key(List.of(Scope.pull("a"))))).isEmpty();
        assertThat(get(key(List.of(Scope.pull("a")))).token()).isEqualTo("T2");
        assertThat(server.requests).hasSize(2);
    }

    @Test
    void scopesAreOneKeyWhateverTheirOrder() throws Exception {
        get(key(List.of(Scope.pull("a"), Scope.pull("b"))));
        get(key(List.of(Scope.pull("b"), Scope.pull("a"), Scope.pull("a"))));
        assertThat(server.requests).hasSize(1);
        get(key(List.of(Scope.push("a"))));
        get(new BearerTokenCache.Key("other:5000", server.realm(), "svc", List.of(Scope.push("a")), Principals.ANONYMOUS));
        assertThat(server.requests).hasSize(3);
    }

    @Test
    void invalidateForcesANewToken() throws Exception {
        get(key(List.of()));
        cache.invalidate(key(List.of()));
        assertThat(get(key(List.of())).token()).isEqualTo("T2");
    }

    @Test
    void aTokenIsNeverHandedToAnotherPrincipal() throws Exception {
        var forSessionA = new BearerTokenCache.Key("reg:5000", server.realm(), "svc", List.of(Scope.pull("a")),
                "session:aaa");
        var forSessionB = new BearerTokenCache.Key("reg:5000", server.realm(), "svc", List.of(Scope.pull("a")),
                "session:bbb");
        assertThat(get(forSessionA).token()).isEqualTo("T1");
        assertThat(get(forSessionB).token()).as("another session's build fetches its own").isEqualTo("T2");
        assertThat(get(forSessionA).token()).isEqualTo("T1");
        assertThat(cache.cached(forSessionB)).map(BearerToken::token).hasValue("T2");
    }

    @Test
    void credentialsArePrincipalsByDigestSoEqualCredentialsShareAndOthersDoNot() {
        String alice = Principals.of(Credentials.password("alice", "pw-one"));
        assertThat(Principals.of(Credentials.password("alice", "pw-one"))).isEqualTo(alice);
        assertThat(Principals.of(Credentials.password("alice", "pw-two"))).isNotEqualTo(alice);
        assertThat(Principals.of(Credentials.identityToken("alice", "pw-one"))).isNotEqualTo(alice);
        assertThat(Principals.of(null)).isEqualTo(Principals.ANONYMOUS);
        assertThat(alice).doesNotContain("pw-one").startsWith("credentials:");
    }

    @Test
    void expiredTokensAreDroppedWhenNewOnesArrive() throws Exception {
        get(key(List.of(Scope.pull("a"))));
        get(key(List.of(Scope.pull("b"))));
        clock.advance(Duration.ofSeconds(95));
        get(key(List.of(Scope.pull("c"))));
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void theKeyDoesNotShowItsPrincipal() {
        String principal = Principals.of(Credentials.password("alice", "pw-one"));
        assertThat(new BearerTokenCache.Key("reg:5000", server.realm(), "svc", List.of(), principal).toString())
                .doesNotContain(principal.substring("credentials:".length()));
    }
}
