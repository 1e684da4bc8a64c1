package org.jbuildkit.daemon.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.ProgressStatus;

/**
 * A progress status whose counter moves often (bytes of a layer arriving): sent when it starts, then at
 * most once per {@link #INTERVAL} while it moves, and always when it completes, so a fast download does
 * not flood the Status stream every build keeps in full.
 */
final class ThrottledStatus {
    static final Duration INTERVAL = Duration.ofMillis(100);

    private final ExecContext context;
    private final Clock clock;
    private ProgressStatus status;
    private Instant lastSent;
    private long lastSentValue;

    private ThrottledStatus(ExecContext context, Clock clock, ProgressStatus status) {
        this.context = context;
        this.clock = clock;
        this.status = status;
        this.lastSent = status.started();
        context.status(status);
    }

    /** Starts the status and sends it with current 0. */
    static ThrottledStatus start(ExecContext context, Clock clock, String id, String name, long total) {
        return new ThrottledStatus(context, clock, ProgressStatus.started(id, name, total, clock.instant()));
    }

    /** Moves the counter; sends it unless the last one went out less than {@link #INTERVAL} ago. */
    synchronized void update(long current) {
        status = status.withCurrent(current);
        Instant now = clock.instant();
        if (current != lastSentValue && !now.isBefore(lastSent.plus(INTERVAL))) {
            send(now);
        }
    }

    /** Sends the final counter with the completion time. */
    synchronized void complete(long current) {
        status = status.withCurrent(current).completedAt(clock.instant());
        send(status.completed());
    }

    private void send(Instant now) {
        lastSent = now;
        lastSentValue = status.current();
        context.status(status);
    }
}
