package org.jbuildkit.daemon.cache.remote;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A JSON writer that prints what Go's {@code encoding/json.Marshal} prints for the same values: fields in the
 * order the caller appends them, compact, strings escaped as Go does ({@code <>&} and U+2028/U+2029 as
 * {@code \\u00XX}, invalid UTF-16 as U+FFFD), times as {@code time.Time} marshals them (RFC 3339 with nanoseconds,
 * trailing zeros dropped). Byte-equal output keeps config and manifest digests equal to upstream's.
 */
final class GoJson {
    /** Go's zero {@code time.Time}, which upstream writes for a time it never set. */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder();
    private boolean needComma;

    GoJson beginObject() {
        separate();
        out.append('{');
        needComma = false;
        return this;
    }

    GoJson endObject() {
        out.append('}');
        needComma = true;
        return this;
    }

    GoJson beginArray() {
        separate();
        out.append('[');
        needComma = false;
        return this;
    }

    GoJson endArray() {
        out.append(']');
        needComma = true;
        return this;
    }

    GoJson name(String name) {
        separate();
        string(out, name);
        out.append(':');
        needComma = false;
        return this;
    }

    GoJson value(String value) {
        separate();
        string(out, value);
        needComma = true;
        return this;
    }

    GoJson value(long value) {
        separate();
        out.append(value);
        needComma = true;
        return this;
    }

    GoJson nullValue() {
        separate();
        out.append("null");
        needComma = true;
        return this;
    }

    /** A {@code time.Time} value; null is Go's zero time. */
    GoJson time(Instant value) {
        return value(formatTime(value));
    }

    /** A {@code map[string]string}: keys sorted, as Go sorts map keys. */
    GoJson stringMap(Map<String, String> map) {
        beginObject();
        new TreeMap<>(map).forEach((k, v) -> name(k).value(v));
        return endObject();
    }

    byte[] bytes() {
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void separate() {
        if (needComma) {
            out.append(',');
        }
    }

    /** A time as Go's {@code time.Time.MarshalJSON} prints it in UTC (RFC3339Nano); null is the zero time. */
    static String formatTime(Instant value) {
        if (value == null) {
            return ZERO_TIME;
        }
        OffsetDateTime t = value.atOffset(ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            throw new IllegalArgumentException("time " + value + " is outside years 0000-9999, which Go cannot"
                    + " write as JSON");
        }
        StringBuilder s = new StringBuilder(35);
        pad(s, t.getYear(), 4).append('-');
        pad(s, t.getMonthValue(), 2).append('-');
        pad(s, t.getDayOfMonth(), 2).append('T');
        pad(s, t.getHour(), 2).append(':');
        pad(s, t.getMinute(), 2).append(':');
        pad(s, t.getSecond(), 2);
        int nanos = t.getNano();
        if (nanos != 0) {
            StringBuilder fraction = pad(new StringBuilder(), nanos, 9);
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            s.append('.').append(fraction, 0, end);
        }
        return s.append('Z').toString();
    }

    /** A time as Go's {@code time.Time.UnmarshalJSON} reads it (RFC 3339, any offset); the zero time is null. */
    static Instant parseTime(String text, String what) {
        try {
            Instant parsed = OffsetDateTime.parse(text).toInstant();
            return parsed.equals(Instant.parse(ZERO_TIME)) ? null : parsed;
        } catch (DateTimeParseException e) {
            throw new CacheFormatException(what + " is not an RFC 3339 time: \"" + text + "\"");
        }
    }

    private static StringBuilder pad(StringBuilder s, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            s.append('0');
        }
        return s.append(digits);
    }

    /** Go's {@code encodeState.string} with HTML escaping on (what {@code json.Marshal} does). */
    static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '<', '>', '&', '\u2028', '\u2029' -> unicode(out, c);
                default -> {
                    if (c < 0x20) {
                        unicode(out, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                            && Character.isLowSurrogate(value.charAt(i + 1))) {
                        out.append(c).append(value.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        out.append("\\ufffd");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void unicode(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                .append(HEX[c & 0xf]);
    }
}
