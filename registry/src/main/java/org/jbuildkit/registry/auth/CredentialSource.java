package org.jbuildkit.registry.auth;

import java.util.Optional;

/**
 * Where registry credentials come from: the user's {@code config.json} on the client, or (on the
 * daemon) the client's session. Implementations may throw {@link CredentialsException} when the
 * source itself is broken, e.g. a malformed file or a failing credential helper.
 */
public interface CredentialSource {

    /** The credentials for {@code host} ({@code host[:port]}, {@code docker.io} for Docker Hub), if any. */
    Optional<Credentials> credentials(String host);

    /** The credentials for {@code host} together with where they came from, or where the source looked. */
    default CredentialLookup lookup(String host) {
        return credentials(host)
                .map(found -> CredentialLookup.found(host, found, toString()))
                .orElseGet(() -> CredentialLookup.none(host, toString()));
    }

    /** No credentials anywhere: every registry is accessed anonymously. */
    static CredentialSource anonymous() {
        return new CredentialSource() {
            @Override
            public Optional<Credentials> credentials(String host) {
                return Optional.empty();
            }

            @Override
            public String toString() {
                return "no credential source configured";
            }
        };
    }
}
