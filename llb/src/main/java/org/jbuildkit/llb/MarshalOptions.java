package org.jbuildkit.llb;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Definition-wide settings of one marshal (upstream's base {@code Constraints}): the platform of ops that name none,
 * and the {@code local.unique} value given to local sources that set none.
 */
public record MarshalOptions(Platform defaultPlatform, String localUniqueId) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public MarshalOptions {
        Objects.requireNonNull(defaultPlatform, "defaultPlatform");
        Objects.requireNonNull(localUniqueId, "localUniqueId");
    }

    /** Host platform and a fresh random unique id, as upstream's {@code NewConstraints} does on every marshal. */
    public static MarshalOptions defaults() {
        return new MarshalOptions(Platform.host(), newId());
    }

    public MarshalOptions withDefaultPlatform(Platform p) {
        return new MarshalOptions(p, localUniqueId);
    }

    public MarshalOptions withLocalUniqueId(String id) {
        return new MarshalOptions(defaultPlatform, id);
    }

    /** A 25-character base-36 random identifier like upstream's {@code identity.NewID}. */
    static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        StringBuilder s = new StringBuilder(new BigInteger(1, b).toString(36));
        while (s.length() < 25) {
            s.insert(0, '0');
        }
        return s.toString();
    }
}
