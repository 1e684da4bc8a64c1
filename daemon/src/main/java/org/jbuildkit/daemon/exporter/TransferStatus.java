package org.jbuildkit.daemon.exporter;

import java.time.Clock;
import java.time.Instant;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.ProgressStatus;
import org.jbuildkit.session.filesync.TransferProgress;

/**
 * An export's sub-task on the progress stream, as upstream's exporters report it: started at once,
 * byte counts at most every 100 ms (upstream's limiter), completed at the end.
 */
final class TransferStatus implements TransferProgress {
    private static final long INTERVAL_NANOS = 100_000_000L;

    private final ExecContext context;
    private final Clock clock;
    private ProgressStatus status;
    private long lastSent;
    private boolean done;

    private TransferStatus(ExecContext context, Clock clock, ProgressStatus status) {
        this.context = context;
        this.clock = clock;
        this.status = status;
        this.lastSent = System.nanoTime();
        context.status(status);
    }

    /** Upstream's {@code NewProgressHandler}: ID {@code id}, action "transferring", bytes as they go. */
    static TransferStatus transferring(ExecContext context, Clock clock, String id) {
        return new TransferStatus(context, clock, ProgressStatus.started(id, "transferring", 0, clock.instant()));
    }

    /** Upstream's {@code progress.OneOff}: started now, completed by {@link #complete}. */
    static TransferStatus oneOff(ExecContext context, Clock clock, String id) {
        return new TransferStatus(context, clock, ProgressStatus.started(id, "", 0, clock.instant()));
    }

    @Override
    public synchronized void update(long bytes, boolean last) {
        if (done) {
            return;
        }
        long now = System.nanoTime();
        if (!last && now - lastSent < INTERVAL_NANOS) {
            status = status.withCurrent(bytes);
            return;
        }
        lastSent = now;
        status = status.withCurrent(bytes);
        if (last) {
            complete();
        } else {
            context.status(status);
        }
    }

    /** Marks the sub-task completed (also after a failure, as upstream's reporters do). */
    synchronized void complete() {
        if (done) {
            return;
        }
        done = true;
        Instant at = clock.instant();
        status = status.completedAt(at);
        context.status(status);
    }
}
