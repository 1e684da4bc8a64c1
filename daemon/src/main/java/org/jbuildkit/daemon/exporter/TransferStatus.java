package org.jbuildkit.daemon.exporter;

import java.time.Clock;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.ThrottledStatus;
import org.jbuildkit.session.filesync.TransferProgress;

/**
 * An export's sub-task on the progress stream, as upstream's exporters report it: started at once,
 * byte counts at most every 100 ms, completed at the end.
 */
final class TransferStatus implements TransferProgress {
    private final ThrottledStatus status;

    private TransferStatus(ThrottledStatus status) {
        this.status = status;
    }

    /** Upstream's {@code NewProgressHandler}: ID {@code id}, action "transferring", bytes as they go. */
    static TransferStatus transferring(ExecContext context, Clock clock, String id) {
        return new TransferStatus(ThrottledStatus.start(context, clock, id, "transferring", 0));
    }

    /** Upstream's {@code progress.OneOff}: started now, completed by {@link #complete}. */
    static TransferStatus oneOff(ExecContext context, Clock clock, String id) {
        return new TransferStatus(ThrottledStatus.start(context, clock, id, "", 0));
    }

    @Override
    public void update(long bytes, boolean last) {
        if (last) {
            status.complete(bytes);
        } else {
            status.update(bytes);
        }
    }

    /** Marks the sub-task completed (also after a failure, as upstream's reporters do). */
    void complete() {
        status.complete();
    }
}
