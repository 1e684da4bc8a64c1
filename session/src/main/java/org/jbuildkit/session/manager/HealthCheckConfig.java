package org.jbuildkit.session.manager;

import java.time.Duration;
import java.util.Optional;

/**
 * How the daemon health-checks a session's client (upstream's {@code healthCheckConfig}):
 * a check every {@code interval}, each allowed {@code timeout} (or 1.5 times the last check's
 * duration if longer); {@code failureThreshold} consecutive failures close the session.
 */
public record HealthCheckConfig(Duration interval, Duration timeout, int failureThreshold) {

    public static final HealthCheckConfig DEFAULT = new HealthCheckConfig(Duration.ofSeconds(5), Duration.ofSeconds(15), 2);

    public HealthCheckConfig {
        if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("health-check interval and timeout must be positive");
        }
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("health-check failure threshold must be at least 1");
        }
    }

    /**
     * Applies upstream's {@code X-Buildkit-Session-Health-Custom-Timeout} header (milliseconds):
     * interval and timeout both become that value, never below one second, and one failure is fatal.
     */
    HealthCheckConfig withCustomTimeout(Optional<String> millis) {
        if (millis.isEmpty()) {
            return this;
        }
        long ms;
        try {
            ms = Long.parseLong(millis.get().trim());
        } catch (NumberFormatException e) {
            return this;
        }
        if (ms <= 0) {
            return this;
        }
        Duration d = Duration.ofMillis(Math.max(ms, 1000));
        return new HealthCheckConfig(d, d, 1);
    }
}
