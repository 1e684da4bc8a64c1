package org.jbuildkit.client.progress;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Numbers as Go's {@code fmt} prints them in upstream's progress output: {@code %.Nf} rounds the
 * exact binary value half-to-even (Java's formatter rounds its decimal form half-up, which differs
 * on exact halves such as 0.25s).
 */
final class GoNumbers {
    private GoNumbers() {
    }

    static String fixed(double value, int decimals) {
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    /** A log line's time since its step started: 3 decimals under 10s, 2 under 100s, then 1. */
    static String logSeconds(Duration sinceStart) {
        double sec = seconds(sinceStart);
        return fixed(sec, sec < 10 ? 3 : sec < 100 ? 2 : 1);
    }

    /** {@code %3.1f}: one decimal, at least three characters wide. */
    static String timer(double seconds) {
        String s = fixed(seconds, 1);
        return s.length() < 3 ? " ".repeat(3 - s.length()) + s : s;
    }
}
