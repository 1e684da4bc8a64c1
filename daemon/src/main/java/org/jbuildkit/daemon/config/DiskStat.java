package org.jbuildkit.daemon.config;

/**
 * Size of the file system holding the daemon's root, in bytes. Percentages in GC settings are
 * fractions of {@code total}; {@code total == 0} means "unknown" (upstream then uses a 2GB cap).
 */
public record DiskStat(long total, long free, long available) {

    public static final DiskStat UNKNOWN = new DiskStat(0, 0, 0);

    public DiskStat {
        if (total < 0 || free < 0 || available < 0) {
            throw new IllegalArgumentException("disk sizes must not be negative");
        }
    }

    public static DiskStat ofTotal(long total) {
        return new DiskStat(total, 0, 0);
    }
}
