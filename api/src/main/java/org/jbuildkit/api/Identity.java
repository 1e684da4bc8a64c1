package org.jbuildkit.api;

import java.math.BigInteger;
import java.security.SecureRandom;

/** IDs in upstream's identity.NewID form: 128 random bits in base 36, zero-padded to 25 characters. */
public final class Identity {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Identity() {
    }

    public static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String id = new BigInteger(1, bytes).toString(36);
        return "0".repeat(Math.max(0, 25 - id.length())) + id;
    }
}
