package org.jbuildkit.dockerfile.convert;

import java.util.List;

/** Go's {@code fmt} renderings that upstream's history lines use ({@code %q} and {@code %v} of slices, durations). */
final class GoFormat {

    private GoFormat() {
    }

    /** {@code %q} of a {@code []string}: {@code ["a" "b c"]}. */
    static String quoteList(List<String> values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            b.append(i == 0 ? "" : " ").append(quote(values.get(i)));
        }
        return b.append(']').toString();
    }

    /** {@code %v} of a {@code []string}: {@code [a b c]}. */
    static String list(List<String> values) {
        return "[" + String.join(" ", values) + "]";
    }

    /** Go's {@code strconv.Quote}. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                case 7 -> b.append("\\a");
                case 8 -> b.append("\\b");
                case 12 -> b.append("\\f");
                case 11 -> b.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", c));
                    } else {
                        b.appendCodePoint(c);
                    }
                }
            }
        });
        return b.append('"').toString();
    }

    /** Go's {@code %q} of an int: a quoted character literal such as {@code '\x03'}. */
    static String quoteRune(int r) {
        if (r == '\'') {
            return "'\\''";
        }
        if (r == '\\') {
            return "'\\\\'";
        }
        if (r >= 0x20 && r < 0x7f) {
            return "'" + (char) r + "'";
        }
        if (r < 0x80) {
            return switch (r) {
                case 7 -> "'\\a'";
                case 8 -> "'\\b'";
                case 9 -> "'\\t'";
                case 10 -> "'\\n'";
                case 11 -> "'\\v'";
                case 12 -> "'\\f'";
                case 13 -> "'\\r'";
                default -> String.format("'\\x%02x'", r);
            };
        }
        return r <= 0xffff ? String.format("'\\u%04x'", r) : String.format("'\\U%08x'", r);
    }

    /** Go's {@code time.Duration.String}: {@code 1h2m3.5s}, {@code 300ms}, {@code 0s}. */
    static String duration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        boolean neg = nanos < 0;
        long u = Math.abs(nanos);
        String out;
        if (u < 1_000_000_000L) {
            if (u < 1_000L) {
                out = u + "ns";
            } else if (u < 1_000_000L) {
                out = fraction(u, 3) + "µs";
            } else {
                out = fraction(u, 6) + "ms";
            }
        } else {
            long secsTotal = u / 1_000_000_000L;
            long frac = u % 1_000_000_000L;
            long h = secsTotal / 3600;
            long m = (secsTotal % 3600) / 60;
            long s = secsTotal % 60;
            String secs = s + (frac == 0 ? "" : "." + trim(String.format("%09d", frac)));
            StringBuilder b = new StringBuilder();
            if (h > 0) {
                b.append(h).append('h');
            }
            if (h > 0 || m > 0) {
                b.append(m).append('m');
            }
            b.append(secs).append('s');
            out = b.toString();
        }
        return neg ? "-" + out : out;
    }

    private static String fraction(long v, int digits) {
        long div = (long) Math.pow(10, digits);
        long whole = v / div;
        long frac = v % div;
        return frac == 0 ? Long.toString(whole) : whole + "." + trim(String.format("%0" + digits + "d", frac));
    }

    private static String trim(String digits) {
        int end = digits.length();
        while (end > 0 && digits.charAt(end - 1) == '0') {
            end--;
        }
        return digits.substring(0, end);
    }
}
