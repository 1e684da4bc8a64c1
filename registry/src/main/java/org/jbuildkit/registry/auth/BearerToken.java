package org.jbuildkit.registry.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A registry bearer token and its lifetime. Reused until 0.9 of its lifetime has passed, as
 * upstream does, so that it does not expire on its way to the registry. Never printed.
 */
public record BearerToken(String token, Instant issuedAt, Duration expiresIn) {

    /** What the token specification assumes when a token server does not say {@code expires_in}. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);

    public BearerToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresIn, "expiresIn");
    }

    /** The last instant at which the token is still handed out. */
    public Instant reuseUntil() {
        return issuedAt.plusMillis(expiresIn.toMillis() * 9 / 10);
    }

    public boolean reusableAt(Instant now) {
        return now.isBefore(reuseUntil());
    }

    public String authorization() {
        return "Bearer " + token;
    }

    @Override
    public String toString() {
        return "BearerToken[token=***, issuedAt=" + issuedAt + ", expiresIn=" + expiresIn + "]";
    }
}
