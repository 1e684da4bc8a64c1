package org.jbuildkit.session;

import java.math.BigInteger;
import java.security.SecureRandom;

/** Random identifiers in upstream's {@code identity.NewID} form: 25 lower-case base-36 characters. */
public final class Identity {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ENTROPY_BYTES = 17;
    private static final int LENGTH = 25;

    private Identity() {}

    public static String newId() {
        byte[] p = new byte[ENTROPY_BYTES];
        RANDOM.nextBytes(p);
        // The forced high bit fixes the text length; its digit is then dropped, as upstream does.
        p[0] |= (byte) 0x80;
        return new BigInteger(1, p).toString(36).substring(1, LENGTH + 1);
    }
}
