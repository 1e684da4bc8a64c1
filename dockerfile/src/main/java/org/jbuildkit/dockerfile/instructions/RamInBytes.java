package org.jbuildkit.dockerfile.instructions;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Sizes as upstream's {@code units.RAMInBytes} (docker/go-units v0.5.0) reads them: a number (Go float syntax,
 * fractions allowed), an optional space, then an optional binary unit {@code b}, {@code k}, {@code m}, {@code g},
 * {@code t} or {@code p} (any case, 1024-based) optionally followed by {@code b} or {@code ib}: {@code 64m},
 * {@code 1.5GiB}, {@code 512 KB}, {@code 100}.
 */
final class RamInBytes {
    /** Go's {@code strconv.ParseFloat} decimal and hexadecimal forms (without underscores, inf or nan). */
    private static final Pattern GO_FLOAT = Pattern.compile(
            "[+-]?((\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)[pP][+-]?\\d+)");

    private RamInBytes() {
    }

    static long parse(String size) {
        int sep = lastIndexOfAny(size, "0123456789. ");
        if (sep < 0) {
            throw new IllegalArgumentException("invalid size: '" + size + "'");
        }
        String num;
        String suffix;
        if (size.charAt(sep) != ' ') {
            num = size.substring(0, sep + 1);
        } else {
            num = size.substring(0, sep);
        }
        suffix = size.substring(sep + 1);
        if (!GO_FLOAT.matcher(num).matches()) {
            throw new IllegalArgumentException("strconv.ParseFloat: parsing \"" + num + "\": invalid syntax");
        }
        double value = Double.parseDouble(num);
        if (value < 0) {
            throw new IllegalArgumentException("invalid size: '" + size + "'");
        }
        if (suffix.isEmpty()) {
            return (long) value;
        }
        String sfx = suffix.toLowerCase(Locale.ROOT);
        if (suffix.length() > 3) {
            throw badSuffix(sfx);
        }
        if (sfx.charAt(0) == 'b') {
            if (sfx.length() > 1) {
                throw badSuffix(sfx);
            }
            return (long) value;
        }
        int power = "kmgtp".indexOf(sfx.charAt(0));
        if (power < 0) {
            throw badSuffix(sfx);
        }
        value *= Math.pow(1024, power + 1);
        if ((sfx.length() == 2 && sfx.charAt(1) != 'b') || (sfx.length() == 3 && !sfx.substring(1).equals("ib"))) {
            throw badSuffix(sfx);
        }
        return (long) value;
    }

    private static IllegalArgumentException badSuffix(String sfx) {
        return new IllegalArgumentException("invalid suffix: '" + sfx + "'");
    }

    private static int lastIndexOfAny(String s, String chars) {
        for (int i = s.length() - 1; i >= 0; i--) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
