package org.jbuildkit.registry.auth;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer tokens per (registry host, realm, service, scopes), handed out until 0.9 of their
 * lifetime and fetched again after that. Concurrent requests for the same key wait for one fetch.
 */
public final class BearerTokenCache {

    private static final Logger LOG = LoggerFactory.getLogger(BearerTokenCache.class);

    /** What a token was issued for; scopes are normalized so their order does not matter. */
    public record Key(String host, URI realm, String service, List<Scope> scopes) {
        public Key {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(realm, "realm");
            service = service == null ? "" : service;
            scopes = Scope.normalize(scopes);
        }
    }

    private final TokenFetcher fetcher;
    private final Clock clock;
    private final Map<Key, BearerToken> tokens = new ConcurrentHashMap<>();
    private final Map<Key, Object> locks = new ConcurrentHashMap<>();

    public BearerTokenCache(TokenFetcher fetcher, Clock clock) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The cached token for {@code key} if it is still within its reuse window. */
    public Optional<BearerToken> cached(Key key) {
        BearerToken token = tokens.get(key);
        return token != null && token.reusableAt(clock.instant()) ? Optional.of(token) : Optional.empty();
    }

    /**
     * The cached token, or a new one from the token server.
     *
     * @param credentials what to present, or {@code null} for an anonymous token
     */
    public BearerToken get(Key key, Credentials credentials) throws TokenFetchException {
        Optional<BearerToken> hit = cached(key);
        if (hit.isPresent()) {
            return hit.get();
        }
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            hit = cached(key);
            if (hit.isPresent()) {
                return hit.get();
            }
            BearerToken token = fetcher.fetch(key.realm(), key.service(), key.scopes(), credentials);
            tokens.put(key, token);
            LOG.debug("fetched a token for {} scope {} from {} ({}), reused until {}", key.host(),
                    Scope.describe(key.scopes()), key.realm(), credentials == null ? "anonymous" : credentials.describe(),
                    token.reuseUntil());
            return token;
        }
    }

    /** Forgets the token for {@code key}, e.g. after the registry refused it. */
    public void invalidate(Key key) {
        tokens.remove(key);
    }
}
