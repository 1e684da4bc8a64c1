package org.jbuildkit.daemon.config;

import java.util.List;

/**
 * A worker's garbage collection: whether it runs, the worker-wide space limits, and the rules. In
 * the effective configuration {@code policies} is never empty: without
 * {@code [[worker.*.gcpolicy]]} it holds upstream's four default rules, computed from the limits
 * (which themselves default to fractions of the disk). Deprecated {@code gckeepstorage} arrives
 * here as {@code reservedSpace}.
 */
public record GcConfig(
        boolean enabled,
        DiskSpace reservedSpace,
        DiskSpace maxUsedSpace,
        DiskSpace minFreeSpace,
        List<GcPolicy> policies) {

    public GcConfig {
        policies = List.copyOf(policies);
    }

    /** Whether none of the three worker-wide limits is set. */
    public boolean limitsUnset() {
        return reservedSpace.isUnset() && maxUsedSpace.isUnset() && minFreeSpace.isUnset();
    }
}
