package org.jbuildkit.client.output;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Renders durations, byte sizes and times the way upstream buildctl prints them (Go's
 * {@code time.Duration.String}, decimal byte units, Go's default time format), so tables and
 * listings read the same as upstream's.
 */
public final class GoFormat {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private GoFormat() {
    }

    /** Go's {@code time.Duration(nanos).String()}: {@code 48h0m0s}, {@code 1.5s}, {@code 300ms}, {@code 0s}. */
    public static String duration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        long abs = Math.abs(nanos);
        if (abs < 1_000L) {
            return sign + abs + "ns";
        }
        if (abs < 1_000_000L) {
            return sign + trim(BigDecimal.valueOf(abs, 3)) + "µs";
        }
        if (abs < 1_000_000_000L) {
            return sign + trim(BigDecimal.valueOf(abs, 6)) + "ms";
        }
        long hours = abs / 3_600_000_000_000L;
        long minutes = abs / 60_000_000_000L % 60;
        BigDecimal seconds = BigDecimal.valueOf(abs % 60_000_000_000L, 9);
        StringBuilder out = new StringBuilder(sign);
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        return out.append(trim(seconds)).append('s').toString();
    }

    /** A size in decimal units with two decimals, as upstream's {@code %.2f} of units.Bytes: {@code 172.47MB}, {@code 0B}. */
    public static String bytesFixed(long bytes) {
        int unit = unitOf(bytes);
        if (unit == 0) {
            return bytes + "B";
        }
        return String.format(Locale.ROOT, "%.2f%s", scaled(bytes, unit), UNITS[unit]);
    }

    /** A size in decimal units at shortest precision, as upstream's {@code %g}: {@code 512MB}, {@code 1.5GB}. */
    public static String bytesShort(long bytes) {
        int unit = unitOf(bytes);
        if (unit == 0) {
            return bytes + "B";
        }
        return trim(BigDecimal.valueOf(bytes).movePointLeft(3 * unit)) + UNITS[unit];
    }

    /** docker/go-units' {@code BytesSize}: binary units at four significant digits, {@code 488.3MiB}, {@code 20GiB}. */
    public static String bytesBinary(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double size = bytes;
        int unit = 0;
        while (size >= 1024 && unit < units.length - 1) {
            size /= 1024;
            unit++;
        }
        return trim(new BigDecimal(size).round(new java.math.MathContext(4))) + units[unit];
    }

    /** Go's default {@code time.Time.String()} in UTC: {@code 2026-11-24 00:27:04.299124081 +0000 UTC}. */
    public static String time(Instant instant) {
        String base = DATE_TIME.format(instant);
        int nanos = instant.getNano();
        String fraction = nanos == 0 ? "" : "." + String.format(Locale.ROOT, "%09d", nanos).replaceAll("0+$", "");
        return base + fraction + " +0000 UTC";
    }

    private static int unitOf(long bytes) {
        int unit = 0;
        double value = Math.abs((double) bytes);
        while (value >= 1000 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit;
    }

    private static double scaled(long bytes, int unit) {
        return bytes / Math.pow(1000, unit);
    }

    private static String trim(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
    }
}
