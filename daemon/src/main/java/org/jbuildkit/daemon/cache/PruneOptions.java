package org.jbuildkit.daemon.cache;

import java.time.Duration;
import java.util.List;

/** A prune request in typed form: filters, all, keep duration, and the three space limits in bytes. */
public record PruneOptions(List<CacheFilter> filters, boolean all, Duration keepDuration, long reservedSpace,
        long maxUsedSpace, long minFreeSpace) {
    public PruneOptions {
        filters = List.copyOf(filters);
    }
}
