package org.jbuildkit.daemon.control;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/**
 * How much of a step's log goes out on the progress stream, as upstream's daemon limits it
 * ({@code util/progress/logs}): per stream of a step, at most {@code maxSize} bytes (2 MiB) and at most
 * {@code maxSpeed} bytes per started second (200 KiB/s); {@code BUILDKIT_STEP_LOG_MAX_SIZE} and
 * {@code BUILDKIT_STEP_LOG_MAX_SPEED} override them, -1 lifts a limit (and a size of -1 lifts both).
 * The whole log is kept on disk regardless.
 */
public record StepLogLimits(int maxSize, int maxSpeed) {
    public static final StepLogLimits UPSTREAM = new StepLogLimits(2 * 1024 * 1024, 200 * 1024);

    /** Upstream's defaults, with the environment's values where they parse as 32-bit integers (as upstream). */
    public static StepLogLimits fromEnvironment(Map<String, String> env) {
        return new StepLogLimits(parse(env.get("BUILDKIT_STEP_LOG_MAX_SIZE"), UPSTREAM.maxSize),
                parse(env.get("BUILDKIT_STEP_LOG_MAX_SPEED"), UPSTREAM.maxSpeed));
    }

    private static int parse(String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The bytes a stream may have sent after running this long, or -1 for no limit. */
    long allowance(Duration running) {
        return speedBound(running) ? bySpeed(running) : maxSize;
    }

    /** Whether the speed limit is the one that applies at this time (the clip message names it). */
    boolean speedBound(Duration running) {
        return maxSpeed != -1 && maxSize != -1 && bySpeed(running) <= maxSize;
    }

    private long bySpeed(Duration running) {
        // Upstream rounds the running time up to whole seconds; its first write is always past zero.
        long seconds = Math.max(1, (running.toNanos() + 999_999_999L) / 1_000_000_000L);
        return seconds * maxSpeed;
    }

    /** The line upstream inserts where the stream was clipped. */
    String clipMessage(boolean bySpeed) {
        String limit = bySpeed ? binary(maxSpeed) + "/s" : binary(maxSize);
        return "\n[output clipped, log limit " + limit + " reached]\n";
    }

    /** units.Bytes with {@code %#g}: binary units, shortest decimals ({@code 2MiB}, {@code 200KiB}, {@code 1000B}). */
    static String binary(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int unit = 0;
        long base = 1;
        while (unit < units.length - 1 && bytes >= base * 1024) {
            base *= 1024;
            unit++;
        }
        if (unit == 0) {
            return bytes + "B";
        }
        BigDecimal value = BigDecimal.valueOf((double) bytes / base).stripTrailingZeros();
        return (value.scale() < 0 ? value.setScale(0) : value).toPlainString() + units[unit];
    }
}
