package org.jbuildkit.daemon.cache;

/**
 * How many bytes of cache a prune keeps, as upstream's {@code calculateKeepBytes}: 0 means no space
 * target (delete everything the filters select); otherwise delete least recently used records until
 * the cache uses no more than the target.
 */
final class SpaceTarget {
    private SpaceTarget() {
    }

    /**
     * @param total bytes of all unshared records
     * @param free free bytes on the disk holding the cache (only read when {@code minFreeSpace} is set)
     */
    static long keepBytes(long total, long free, long reservedSpace, long maxUsedSpace, long minFreeSpace) {
        if (maxUsedSpace == 0 && reservedSpace == 0 && minFreeSpace == 0) {
            return 0;
        }
        long keep = maxUsedSpace;
        long excess = minFreeSpace - free;
        if (minFreeSpace != 0 && excess > 0) {
            keep = keep == 0 ? total - excess : Math.min(keep, total - excess);
        } else if (minFreeSpace != 0 && keep == 0) {
            // Only a free-space goal, and the disk meets it: nothing needs to go.
            keep = total;
        }
        return Math.max(keep, reservedSpace);
    }
}
