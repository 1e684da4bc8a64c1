package org.jbuildkit.daemon.solver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A progress status whose counter moves often (bytes of a layer arriving): sent when it starts, then at
 * most once per {@link #INTERVAL} while it moves, and always when it completes, so a fast download does
 * not flood the Status stream every build keeps in full.
 */
public final class ThrottledStatus {
    public static final Duration INTERVAL = Duration.ofMillis(100);

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
    public static ThrottledStatus start(ExecContext context, Clock clock, String id, String name, long total) {
        return new ThrottledStatus(context, clock, ProgressStatus.started(id, name, total, clock.instant()));
    }

    /** Moves the counter; sends it unless the last one went out less than {@link #INTERVAL} ago. */
    public synchronized void update(long current) {
        status = status.withCurrent(current);
        Instant now = clock.instant();
        if (current != lastSentValue && !now.isBefore(lastSent.plus(INTERVAL))) {
            send(now);
        }
    }

    /** Sends the final counter with the completion time; later calls change nothing. */
    public synchronized void complete(long current) {
        if (status.completed() != null) {
            return;
        }
        status = status.withCurrent(current).completedAt(clock.instant());
        send(status.completed());
    }

    /** Completes with the counter as it stands (also after a failure, as upstream's reporters do). */
    public synchronized void complete() {
        complete(status.current());
    }

    private void send(Instant now) {
        lastSent = now;
        lastSentValue = status.current();
        context.status(status);
    }
}
