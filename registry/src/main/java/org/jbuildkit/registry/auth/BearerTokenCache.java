package org.jbuildkit.registry.auth;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer tokens per (registry host, realm, service, scopes, principal), handed out until 0.9 of
 * their lifetime and fetched again after that. The principal (a client session, or a digest of the
 * credentials presented) keeps one build's token from serving another build's request. Concurrent
 * requests for the same key wait for one fetch; expired tokens are dropped as new ones arrive, so
 * one cache may serve a daemon's every build.
 */
public final class BearerTokenCache {

    private static final Logger LOG = LoggerFactory.getLogger(BearerTokenCache.class);

    /** What a token was issued for and to whom; scopes are normalized so their order does not matter. */
    public record Key(String host, URI realm, String service, List<Scope> scopes, String principal) {
        public Key {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(realm, "realm");
            service = service == null ? "" : service;
            scopes = Scope.normalize(scopes);
            principal = principal == null ? "" : principal;
        }

        public Key(TokenRequest request, String principal) {
            this(request.host(), request.realm(), request.service(), request.scopes(), principal);
        }

        /** The principal may be a digest of credentials: it is not shown. */
        @Override
        public String toString() {
            return "Key[host=" + host + ", realm=" + realm + ", service=" + service + ", scopes="
                    + Scope.describe(scopes) + "]";
        }
    }

    /** One token fetch, run at most once per key at a time. */
    @FunctionalInterface
    public interface Fetch {
        BearerToken fetch() throws TokenFetchException;
    }

    private final Clock clock;
    private final Map<Key, BearerToken> tokens = new ConcurrentHashMap<>();
    private final Map<Key, Object> locks = new ConcurrentHashMap<>();

    public BearerTokenCache(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The cached token for {@code key} if it is still within its reuse window. */
    public Optional<BearerToken> cached(Key key) {
        BearerToken token = tokens.get(key);
        return token != null && token.reusableAt(clock.instant()) ? Optional.of(token) : Optional.empty();
    }

    /** The cached token, or a new one from {@code fetch}. */
    public BearerToken get(Key key, Fetch fetch) throws TokenFetchException {
        Optional<BearerToken> hit = cached(key);
        if (hit.isPresent()) {
            return hit.get();
        }
        Object lock = locks.computeIfAbsent(key, k -> new Object());
        try {
            synchronized (lock) {
                hit = cached(key);
                if (hit.isPresent()) {
                    return hit.get();
                }
                BearerToken token = fetch.fetch();
                dropExpired();
                tokens.put(key, token);
                LOG.debug("fetched a token for {} scope {} from {}, reused until {}", key.host(),
                        Scope.describe(key.scopes()), key.realm(), token.reuseUntil());
                return token;
            }
        } finally {
            // A waiter still holding this lock finds the token cached when it gets in.
            locks.remove(key, lock);
        }
    }

    /** Forgets the token for {@code key}, e.g. after the registry refused it. */
    public void invalidate(Key key) {
        tokens.remove(key);
    }

    /** How many tokens are held, expired or not (for tests of the eviction). */
    int size() {
        return tokens.size();
    }

    private void dropExpired() {
        Instant now = clock.instant();
        tokens.entrySet().removeIf(entry -> !entry.getValue().reusableAt(now));
    }
}
