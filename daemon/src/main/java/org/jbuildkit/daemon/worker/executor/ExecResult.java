package org.jbuildkit.daemon.worker.executor;

import java.time.Duration;
import java.time.Instant;

/** How a container process ended: its exit code (128+n when killed by signal n) and when it ran. */
public record ExecResult(int exitCode, Instant started, Instant finished) {
    public Duration duration() {
        return Duration.between(started, finished);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }
}
