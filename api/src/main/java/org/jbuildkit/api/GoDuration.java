package org.jbuildkit.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Go's {@code time.ParseDuration}, with its error messages: a signed sequence of decimal numbers, each with an
 * optional fraction and a unit ({@code ns}, {@code us}/{@code µs}, {@code ms}, {@code s}, {@code m}, {@code h}):
 * {@code 30s}, {@code 1m30s}, {@code 1.5h}, {@code -2m}; a lone {@code 0} needs no unit. Fractions are computed
 * in float64 as Go does, so results match to the nanosecond. {@link #format} writes Go's {@code Duration.String()}.
 */
public final class GoDuration {
    private static final Map<String, Long> UNITS = Map.of("ns", 1L, "us", 1_000L, "\u00b5s", 1_000L,
            "\u03bcs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoDuration() {
    }

    /**
     * Parses {@code text} as Go's {@code time.ParseDuration} does (the syntax of upstream's config and of
     * HEALTHCHECK flags).
     *
     * @throws IllegalArgumentException with Go's message, e.g. {@code time: invalid duration "abc"}
     */
    public static Duration parse(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(text);
        }
        long total = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                throw invalid(text);
            }
            int start = i;
            long v = 0;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                try {
                    v = Math.addExact(Math.multiplyExact(v, 10), s.charAt(i) - '0');
                } catch (ArithmeticException e) {
                    throw invalid(text);
                }
                i++;
            }
            boolean pre = i != start;
            long f = 0;
            double scale = 1;
            boolean post = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fracStart = i;
                boolean fracOverflow = false;
                while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    if (!fracOverflow) {
                        if (f > (Long.MAX_VALUE - 9) / 10) {
                            fracOverflow = true;
                        } else {
                            f = f * 10 + (s.charAt(i) - '0');
                            scale *= 10;
                        }
                    }
                    i++;
                }
                post = i != fracStart;
            }
            if (!pre && !post) {
                throw invalid(text);
            }
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && (s.charAt(i) < '0' || s.charAt(i) > '9')) {
                i++;
            }
            if (unitStart == i) {
                throw new IllegalArgumentException("time: missing unit in duration " + quote(text));
            }
            String u = s.substring(unitStart, i);
            Long unit = UNITS.get(u);
            if (unit == null) {
                throw new IllegalArgumentException("time: unknown unit " + quote(u) + " in duration " + quote(text));
            }
            if (v > Long.MAX_VALUE / unit) {
                throw invalid(text);
            }
            v *= unit;
            if (f > 0) {
                v += (long) (f * (unit / scale));
                if (v < 0) {
                    throw invalid(text);
                }
            }
            total += v;
            if (total < 0) {
                throw invalid(text);
            }
        }
        return Duration.ofNanos(negative ? -total : total);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("time: invalid duration " + quote(text));
    }

    /** The time package's own quoting: each byte outside printable ASCII written as a backslash-x hex escape. */
    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 0x80 || c < ' ') {
                b.append(String.format("\\x%02x", c));
            } else {
                if (c == '"' || c == '\\') {
                    b.append('\\');
                }
                b.append((char) c);
            }
        }
        return b.append('"').toString();
    }

    /** Formats like Go's {@code Duration.String()}: "48h0m0s", "1m30s", "1.5s", "300ms", "0s". */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        boolean negative = duration.isNegative();
        BigInteger nanos = BigInteger.valueOf(duration.getSeconds()).multiply(BigInteger.valueOf(1_000_000_000L))
                .add(BigInteger.valueOf(duration.getNano())).abs();
        String sign = negative ? "-" : "";
        if (nanos.compareTo(BigInteger.valueOf(1_000_000_000L)) < 0) {
            long n = nanos.longValue();
            if (n < 1_000L) {
                return sign + n + "ns";
            }
            if (n < 1_000_000L) {
                return sign + fraction(n, 3) + "\u00b5s";
            }
            return sign + fraction(n, 6) + "ms";
        }
        BigInteger[] secondsAndNanos = nanos.divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
        long totalSeconds = secondsAndNanos[0].longValueExact();
        long subSecond = secondsAndNanos[1].longValue();
        String seconds = fraction(totalSeconds % 60 * 1_000_000_000L + subSecond, 9) + "s";
        long totalMinutes = totalSeconds / 60;
        if (totalMinutes == 0) {
            return sign + seconds;
        }
        String minutes = (totalMinutes % 60) + "m";
        long hours = totalMinutes / 60;
        return sign + (hours > 0 ? hours + "h" : "") + minutes + seconds;
    }

    private static String fraction(long value, int decimals) {
        return BigDecimal.valueOf(value, decimals).stripTrailingZeros().toPlainString();
    }
}
