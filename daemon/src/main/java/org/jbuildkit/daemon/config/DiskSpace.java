package org.jbuildkit.daemon.config;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of disk space as written in {@code buildkitd.toml}: a number of bytes, or a
 * percentage of the disk holding the root. {@link #NONE} (both zero) means "not set", as in
 * upstream where the zero value is the unset value.
 *
 * <p>Size strings follow upstream's parser (go-units {@code RAMInBytes}): units are
 * <em>binary</em> and case-insensitive, so {@code "512MB"} is 512 MiB = 536870912 bytes.
 */
public record DiskSpace(long bytes, long percent) {

    public static final DiskSpace NONE = new DiskSpace(0, 0);

    /** Upstream's fallback when the disk size is unknown. */
    static final long UNKNOWN_DISK_CAP = 2_000_000_000L;

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+) ?(?:([kmgtp])(?:b|ib)?|b)?");

    public DiskSpace {
        if (bytes < 0 || percent < 0) {
            throw new IllegalArgumentException("disk space must not be negative");
        }
        if (bytes != 0 && percent != 0) {
            throw new IllegalArgumentException("disk space is either bytes or a percentage, not both");
        }
    }

    public static DiskSpace ofBytes(long bytes) {
        return new DiskSpace(bytes, 0);
    }

    public static DiskSpace ofPercent(long percent) {
        return new DiskSpace(0, percent);
    }

    /**
     * Parses {@code "10%"}, {@code "512MB"}, {@code "1.5GiB"}, {@code "1024000000"}; the empty
     * string is {@link #NONE}.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static DiskSpace parse(String text) {
        if (text.isEmpty()) {
            return NONE;
        }
        if (text.endsWith("%")) {
            String number = text.substring(0, text.length() - 1);
            if (!number.matches("\\d{1,18}")) {
                throw new IllegalArgumentException("a percentage must be a whole number from 0 to 100 followed by %");
            }
            long percent = Long.parseLong(number);
            if (percent > 100) {
                throw new IllegalArgumentException("a percentage of the disk cannot exceed 100%");
            }
            return ofPercent(percent);
        }
        Matcher m = SIZE.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: use bytes (512000000), a size with a unit "
                    + "(\"512MB\", \"10GiB\"; B, KB, MB, GB, TB, PB) or a percentage (\"10%\")");
        }
        double value = Double.parseDouble(m.group(1));
        long multiplier = m.group(2) == null ? 1L : switch (m.group(2)) {
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            case "t" -> 1L << 40;
            case "p" -> 1L << 50;
            default -> 1L;
        };
        double size = value * multiplier;
        if (size >= Long.MAX_VALUE) {
            throw new IllegalArgumentException("size is too large");
        }
        return ofBytes((long) size);
    }

    public boolean isUnset() {
        return bytes == 0 && percent == 0;
    }

    /**
     * Bytes this amounts to on {@code disk}, as upstream computes it: a percentage of the disk's
     * total size rounded <em>up</em> to whole decimal gigabytes (2GB when the size is unknown).
     */
    public long asBytes(DiskStat disk) {
        if (bytes != 0) {
            return bytes;
        }
        if (percent == 0) {
            return 0;
        }
        if (disk.total() == 0) {
            return UNKNOWN_DISK_CAP;
        }
        long share = disk.total() / 100 * percent + disk.total() % 100 * percent / 100;
        return (share / (1L << 30) + 1) * 1_000_000_000L;
    }

    /** The value as it would be written in the TOML file. */
    public String toToml() {
        return percent != 0 ? "\"" + percent + "%\"" : Long.toString(bytes);
    }

    @Override
    public String toString() {
        if (percent != 0) {
            return percent + "%";
        }
        return isUnset() ? "unset" : humanSize(bytes);
    }

    /** Decimal size with four significant digits, like upstream's {@code units.HumanSize}: "26GB", "536.9MB". */
    public static String humanSize(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        BigDecimal size = BigDecimal.valueOf(bytes);
        BigDecimal thousand = BigDecimal.valueOf(1000);
        int unit = 0;
        while (size.compareTo(thousand) >= 0 && unit < units.length - 1) {
            size = size.divide(thousand);
            unit++;
        }
        BigDecimal rounded = size.round(new MathContext(4)).stripTrailingZeros();
        return rounded.toPlainString() + units[unit];
    }
}
