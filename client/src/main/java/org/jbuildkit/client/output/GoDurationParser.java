package org.jbuildkit.client.output;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Go duration strings ({@code 48h}, {@code 1h30m}, {@code 1.5s}, {@code 300ms}) into nanoseconds. */
public final class GoDurationParser {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Map<String, Long> UNIT_NANOS = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoDurationParser() {
    }

    public static long parse(String text, String flag) {
        String s = text.trim();
        if (s.equals("0")) {
            return 0;
        }
        Matcher m = PART.matcher(s);
        int pos = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (pos < s.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new IllegalArgumentException(flag + " " + text
                        + " is not a duration: use a number with a unit, such as 48h, 90m or 1h30m");
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(UNIT_NANOS.get(m.group(2)))));
            pos = m.end();
        }
        if (pos == 0) {
            throw new IllegalArgumentException(flag + " is empty: use a duration such as 48h");
        }
        return nanos.longValue();
    }
}
