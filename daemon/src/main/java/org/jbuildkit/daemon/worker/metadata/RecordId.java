package org.jbuildkit.daemon.worker.metadata;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/** A cache record's ID: 25 base-36 characters of randomness, made as upstream's {@code identity.NewID}. */
public record RecordId(String value) implements Comparable<RecordId> {
    private static final Pattern FORM = Pattern.compile("[0-9a-z]{25}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public RecordId {
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid cache record ID '" + value
                    + "': expected 25 lowercase base-36 characters");
        }
    }

    /** A fresh random ID: 17 random bytes with the top bit set, base 36, first digit dropped (as upstream). */
    public static RecordId newId() {
        byte[] bytes = new byte[17];
        RANDOM.nextBytes(bytes);
        bytes[0] |= (byte) 0x80;
        return new RecordId(new BigInteger(1, bytes).toString(36).substring(1, 26));
    }

    @Override
    public int compareTo(RecordId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
