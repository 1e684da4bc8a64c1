package org.jbuildkit.daemon.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/**
 * Go's duration syntax ({@code time.ParseDuration} / {@code Duration.String}), which upstream's
 * config uses: {@code "48h"}, {@code "1h30m"}, {@code "1.5s"}, {@code "300ms"}. Units are
 * ns, us (µs), ms, s, m, h; there is no "d".
 */
public final class GoDuration {

    private static final Map<String, Long> UNIT_NANOS = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "\u00b5s", 1_000L,
            "\u03bcs", 1_000L,
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);

    private GoDuration() {
    }

    /**
     * Parses a Go duration string.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
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
            throw new IllegalArgumentException("invalid duration \"" + text + "\"");
        }
        BigDecimal nanos = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(start, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')
                    || !number.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
                throw new IllegalArgumentException("invalid duration \"" + text + "\"");
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i);
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("missing unit in duration \"" + text + "\"");
            }
            Long perUnit = UNIT_NANOS.get(unit);
            if (perUnit == null) {
                throw new IllegalArgumentException("unknown unit \"" + unit + "\" in duration \"" + text
                        + "\" (units are ns, us, ms, s, m, h)");
            }
            String digits = number.endsWith(".") ? number + "0" : number;
            nanos = nanos.add(new BigDecimal(digits.startsWith(".") ? "0" + digits : digits)
                    .multiply(BigDecimal.valueOf(perUnit)));
        }
        BigInteger whole = nanos.toBigInteger();
        if (whole.bitLength() > 63) {
            throw new IllegalArgumentException("duration \"" + text + "\" is too long");
        }
        long value = whole.longValueExact();
        return Duration.ofNanos(negative ? -value : value);
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
