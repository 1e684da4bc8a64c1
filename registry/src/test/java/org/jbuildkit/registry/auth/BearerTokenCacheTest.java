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
    private final BearerTokenCache cache = new BearerTokenCache(new TokenFetcher(HttpClient.newHttpClient(), clock), clock);

    @AfterEach
    void stop() {
        server.close();
    }

    private BearerTokenCache.Key key(List<Scope> scopes) {
        return new BearerTokenCache.Key("reg:5000", server.realm(), "svc", scopes);
    }

    @Test
    void reusesTheTokenForNinetyPercentOfItsLifetimeThenRefreshes() throws Exception {
        assertThat(cache.get(key(List.of(Scope.pull("a"))), null).token()).isEqualTo("T1");
        clock.advance(Duration.ofSeconds(89));
        assertThat(cache.get(key(List.of(Scope.pull("a"))), null).token()).isEqualTo("T1");
        assertThat(server.requests).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.cached(key(List.of(Scope.pull("a"))))).isEmpty();
        assertThat(cache.get(key(List.of(Scope.pull("a"))), null).token()).isEqualTo("T2");
        assertThat(server.requests).hasSize(2);
    }

    @Test
    void scopesAreOneKeyWhateverTheirOrder() throws Exception {
        cache.get(key(List.of(Scope.pull("a"), Scope.pull("b"))), null);
        cache.get(key(List.of(Scope.pull("b"), Scope.pull("a"), Scope.pull("a"))), null);
        assertThat(server.requests).hasSize(1);
        cache.get(key(List.of(Scope.push("a"))), null);
        cache.get(new BearerTokenCache.Key("other:5000", server.realm(), "svc", List.of(Scope.push("a"))), null);
        assertThat(server.requests).hasSize(3);
    }

    @Test
    void invalidateForcesANewToken() throws Exception {
        cache.get(key(List.of()), null);
        cache.invalidate(key(List.of()));
        assertThat(cache.get(key(List.of()), null).token()).isEqualTo("T2");
    }
}
