package org.jbuildkit.daemon.config;

import java.time.Duration;
import java.util.List;

/**
 * Upstream's default garbage collection (buildkitd's DefaultGCPolicy and DetectDefaultGCCap):
 * worker-wide limits as fractions of the disk under the root, and four rules built from them.
 */
final class GcDefaults {

    static final long RESERVE_PERCENT = 10;
    static final long RESERVE_MAX_BYTES = 10_000_000_000L;
    static final long FREE_PERCENT = 20;
    static final long MAX_USED_PERCENT = 80;
    static final long MAX_USED_MAX_BYTES = 100_000_000_000L;

    /**
     * Filters of the first rule: the cheapest records to recreate. Upstream writes them as one
     * comma-joined string (any of these types), and clients print it that way.
     */
    static final List<String> REPRODUCIBLE_FILTERS =
            List.of("type==source.local,type==exec.cachemount,type==source.git.checkout");

    private GcDefaults() {
    }

    /**
     * Limits when none is configured: reserve 10% of the disk (at most 10GB), keep 20% free, use
     * at most 80% (at most 100GB).
     */
    static GcConfig detectLimits(GcConfig gc, DiskStat disk) {
        DiskSpace reserve = DiskSpace.ofPercent(RESERVE_PERCENT);
        if (reserve.asBytes(disk) > RESERVE_MAX_BYTES) {
            reserve = DiskSpace.ofBytes(RESERVE_MAX_BYTES);
        }
        DiskSpace max = DiskSpace.ofPercent(MAX_USED_PERCENT);
        if (max.asBytes(disk) > MAX_USED_MAX_BYTES) {
            max = DiskSpace.ofBytes(MAX_USED_MAX_BYTES);
        }
        return new GcConfig(gc.enabled(), reserve, max, DiskSpace.ofPercent(FREE_PERCENT), gc.policies());
    }

    /**
     * The four default rules: (0) source.local, cache mounts and git checkouts unused for 48h once
     * they exceed 512MB; (1) anything unused for 60 days; (2) unshared cache down to the limits;
     * (3) everything, including internal records, down to the limits.
     */
    static List<GcPolicy> policies(GcConfig limits) {
        DiskSpace reserved = limits.reservedSpace();
        DiskSpace maxUsed = limits.maxUsedSpace();
        DiskSpace minFree = limits.minFreeSpace();
        return List.of(
                new GcPolicy(false, REPRODUCIBLE_FILTERS, Duration.ofHours(48),
                        DiskSpace.NONE, DiskSpace.ofBytes(512_000_000L), DiskSpace.NONE),
                new GcPolicy(false, List.of(), Duration.ofDays(60), reserved, maxUsed, minFree),
                new GcPolicy(false, List.of(), Duration.ZERO, reserved, maxUsed, minFree),
                new GcPolicy(true, List.of(), Duration.ZERO, reserved, maxUsed, minFree));
    }
}
