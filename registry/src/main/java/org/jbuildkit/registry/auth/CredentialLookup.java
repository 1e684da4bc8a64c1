package org.jbuildkit.registry.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of looking up credentials for one host, for diagnostics: the credentials (if any)
 * and where they came from, e.g. {@code ~/.docker/config.json auths["127.0.0.1:5000"]} or
 * {@code credential helper docker-credential-pass}; when none were found, where the source looked.
 * Never shows the secret.
 */
public final class CredentialLookup {

    private final String host;
    private final Credentials credentials;
    private final String source;

    private CredentialLookup(String host, Credentials credentials, String source) {
        this.host = Objects.requireNonNull(host, "host");
        this.credentials = credentials;
        this.source = Objects.requireNonNull(source, "source");
    }

    public static CredentialLookup found(String host, Credentials credentials, String source) {
        return new CredentialLookup(host, Objects.requireNonNull(credentials, "credentials"), source);
    }

    /** Nothing for {@code host}; {@code searched} says where the source looked. */
    public static CredentialLookup none(String host, String searched) {
        return new CredentialLookup(host, null, searched);
    }

    public String host() {
        return host;
    }

    public Optional<Credentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    public boolean found() {
        return credentials != null;
    }

    /** Where the credentials came from, or, when none were found, where the source looked. */
    public String source() {
        return source;
    }

    /** One phrase for a message: "user "alice" with a password from ~/.docker/config.json auths[…]". */
    public String describe() {
        return credentials == null
                ? "no credentials for " + host + " (looked in " + source + ")"
                : credentials.describe() + " from " + source;
    }

    @Override
    public String toString() {
        return "CredentialLookup[" + describe() + "]";
    }
}
