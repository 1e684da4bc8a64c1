package org.jbuildkit.registry.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Token-cache principals for tokens fetched with given credentials: a digest of them, never the secret. */
public final class Principals {

    /** The principal of tokens fetched without credentials. */
    public static final String ANONYMOUS = "anonymous";

    private Principals() {}

    /** {@link #ANONYMOUS}, or {@code credentials:<sha256 of kind, user and secret>}. */
    public static String of(Credentials credentials) {
        if (credentials == null) {
            return ANONYMOUS;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((credentials.kind() + "\0" + credentials.username() + "\0" + credentials.secret())
                    .getBytes(StandardCharsets.UTF_8));
            return "credentials:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
