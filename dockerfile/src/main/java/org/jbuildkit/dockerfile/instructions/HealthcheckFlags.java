package org.jbuildkit.dockerfile.instructions;

import org.jbuildkit.api.GoDuration;
import java.time.Duration;
import java.util.List;

/**
 * The flags of {@code HEALTHCHECK CMD}, as upstream's {@code parseHealthcheck}: {@code --interval},
 * {@code --timeout}, {@code --start-period}, {@code --start-interval} in Go's duration syntax ({@code 30s},
 * {@code 1m30s}, {@code 1.5h}), where empty or zero means "the runtime's default" ({@link Duration#ZERO}) and any
 * other value must be at least 1ms; {@code --retries}, a non-negative integer, 0 when not given. The values are not
 * expanded (upstream does not expand them). {@code HEALTHCHECK NONE} ignores its flags: do not call this for it.
 */
public record HealthcheckFlags(Duration interval, Duration timeout, Duration startPeriod, Duration startInterval,
        int retries) {

    private static final Duration MINIMUM = Duration.ofMillis(1);

    public static HealthcheckFlags parse(List<String> flags) throws InstructionFlagException {
        ParsedFlags f = InstructionFlags.of("HEALTHCHECK").parse(flags);
        Duration interval = interval(f, "interval");
        Duration timeout = interval(f, "timeout");
        Duration startPeriod = interval(f, "start-period");
        Duration startInterval = interval(f, "start-interval");
        String retriesText = f.string("retries");
        int retries = 0;
        if (!retriesText.isEmpty()) {
            long value;
            try {
                value = GoStrconv.parseInt(retriesText, 32);
            } catch (NumberFormatException e) {
                throw new InstructionFlagException(e.getMessage() + " (--retries takes a whole number such as 3)", e);
            }
            if (value < 0) {
                throw new InstructionFlagException("--retries cannot be negative (" + value + "); give 0 or more");
            }
            retries = (int) value;
        }
        return new HealthcheckFlags(interval, timeout, startPeriod, startInterval, retries);
    }

    /** Upstream's {@code parseOptInterval}. */
    private static Duration interval(ParsedFlags f, String name) throws InstructionFlagException {
        String text = f.string(name);
        if (text.isEmpty()) {
            return Duration.ZERO;
        }
        Duration d;
        try {
            d = GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InstructionFlagException(e.getMessage() + " (--" + name
                    + " takes a duration with a unit, such as 30s, 1m30s or 1.5h)", e);
        }
        if (d.isZero()) {
            return Duration.ZERO;
        }
        if (d.compareTo(MINIMUM) < 0) {
            throw new InstructionFlagException("Interval " + GoQuote.quote(name) + " cannot be less than 1ms (give --" + name
                    + " at least 1ms, or 0 for the default)");
        }
        return d;
    }
}
