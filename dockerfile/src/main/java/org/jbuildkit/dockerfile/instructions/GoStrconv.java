package org.jbuildkit.dockerfile.instructions;

import java.math.BigInteger;

/** The few Go {@code strconv} parsers whose exact accepted syntax shows in Dockerfile options. */
final class GoStrconv {
    private GoStrconv() {
    }

    /** {@code strconv.ParseBool}: 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False. */
    static boolean parseBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new NumberFormatException("strconv.ParseBool: parsing \"" + s + "\": invalid syntax");
        };
    }

    /** {@code strconv.ParseUint(s, base, bits)} for an explicit base: digits only, no sign, prefix or underscore. */
    static long parseUint(String s, int base, int bits) {
        if (s.isEmpty()) {
            throw new NumberFormatException("strconv.ParseUint: parsing \"\": invalid syntax");
        }
        long max = bits == 64 ? -1L : (1L << bits) - 1;
        long value = 0;
        for (int i = 0; i < s.length(); i++) {
            int digit = Character.digit(s.charAt(i), base);
            if (digit < 0 || s.charAt(i) > 'z') {
                throw new NumberFormatException("strconv.ParseUint: parsing \"" + s + "\": invalid syntax");
            }
            value = value * base + digit;
            if (Long.compareUnsigned(value, max) > 0 || value < 0 && bits < 64) {
                throw new NumberFormatException("strconv.ParseUint: parsing \"" + s + "\": value out of range");
            }
        }
        return value;
    }

    /** {@code strconv.ParseInt(s, 10, bits)}: an optional sign, then decimal digits. */
    static long parseInt(String s, int bits) {
        String digits = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        boolean negative = s.startsWith("-");
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new NumberFormatException("strconv.ParseInt: parsing \"" + s + "\": invalid syntax");
        }
        long limit = 1L << (bits - 1);
        BigInteger v = new BigInteger(digits);
        if (negative) {
            v = v.negate();
        }
        if (v.compareTo(BigInteger.valueOf(-limit)) < 0 || v.compareTo(BigInteger.valueOf(limit - 1)) > 0) {
            throw new NumberFormatException("strconv.ParseInt: parsing \"" + s + "\": value out of range");
        }
        return v.longValue();
    }
}
