package org.jbuildkit.registry.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * What a user gave to log in to one registry: a user name and a secret, where the secret is a
 * password, an OAuth2 refresh ("identity") token, or a ready-made registry bearer token.
 * {@link #toString()} never shows the secret.
 */
public record Credentials(String username, String secret, Kind kind) {

    /** What the secret is, which decides how it is presented to a token server or registry. */
    public enum Kind {
        /** A password (or personal access token) sent with HTTP Basic. */
        PASSWORD,
        /** An OAuth2 refresh token ({@code identitytoken} in config.json), exchanged at the token realm. */
        IDENTITY_TOKEN,
        /** A bearer token for the registry itself ({@code registrytoken} in config.json), sent as is. */
        REGISTRY_TOKEN
    }

    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(kind, "kind");
    }

    public static Credentials password(String username, String password) {
        return new Credentials(username, password, Kind.PASSWORD);
    }

    public static Credentials identityToken(String username, String refreshToken) {
        return new Credentials(username, refreshToken, Kind.IDENTITY_TOKEN);
    }

    public static Credentials registryToken(String token) {
        return new Credentials("", token, Kind.REGISTRY_TOKEN);
    }

    public boolean isIdentityToken() {
        return kind == Kind.IDENTITY_TOKEN;
    }

    /** The {@code Authorization} header value for HTTP Basic: {@code Basic base64(user:secret)}. */
    String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** How the credentials read in a message: the user name and the kind, never the secret. */
    public String describe() {
        return switch (kind) {
            case PASSWORD -> "user \"" + username + "\" with a password";
            case IDENTITY_TOKEN -> username.isEmpty() ? "an identity token" : "user \"" + username + "\" with an identity token";
            case REGISTRY_TOKEN -> "a registry token";
        };
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", secret=***, kind=" + kind + "]";
    }
}
