package org.jbuildkit.dockerfile.convert;

import java.util.Map;

/** Go's {@code time.ParseDuration}: {@code 30s}, {@code 1m30s}, {@code 1.5h}, {@code 300ms}, {@code 2us}. */
final class GoDuration {

    private static final Map<String, Double> UNITS = Map.of("ns", 1d, "us", 1e3, "µs", 1e3, "μs", 1e3, "ms", 1e6,
            "s", 1e9, "m", 60e9, "h", 3600e9);

    private GoDuration() {
    }

    static long parse(String s) {
        String v = s;
        boolean neg = false;
        if (v.startsWith("-") || v.startsWith("+")) {
            neg = v.startsWith("-");
            v = v.substring(1);
        }
        if (v.equals("0")) {
            return 0;
        }
        if (v.isEmpty()) {
            throw new IllegalArgumentException("time: invalid duration \"" + s + "\"");
        }
        double total = 0;
        int i = 0;
        while (i < v.length()) {
            int start = i;
            while (i < v.length() && (Character.isDigit(v.charAt(i)) || v.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("time: invalid duration \"" + s + "\"");
            }
            double num = Double.parseDouble(v.substring(start, i));
            int us = i;
            while (i < v.length() && !Character.isDigit(v.charAt(i)) && v.charAt(i) != '.') {
                i++;
            }
            String unit = v.substring(us, i);
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("time: missing unit in duration \"" + s + "\"");
            }
            Double mult = UNITS.get(unit);
            if (mult == null) {
                throw new IllegalArgumentException("time: unknown unit \"" + unit + "\" in duration \"" + s + "\"");
            }
            total += num * mult;
        }
        long r = Math.round(total);
        return neg ? -r : r;
    }
}
