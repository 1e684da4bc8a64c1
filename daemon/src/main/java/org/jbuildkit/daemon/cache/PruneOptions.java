package org.jbuildkit.daemon.cache;

import java.time.Duration;
import org.jbuildkit.daemon.worker.metadata.RecordFilter;

/** A prune request in typed form: the filter, all, keep duration, and the three space limits in bytes. */
public record PruneOptions(RecordFilter filter, boolean all, Duration keepDuration, long reservedSpace,
        long maxUsedSpace, long minFreeSpace) {
}
