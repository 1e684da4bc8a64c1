package org.jbuildkit.daemon.config;

import java.time.Duration;
import java.util.List;

/**
 * One {@code [[worker.*.gcpolicy]]} rule: which cache records it may delete ({@code all},
 * {@code filters}, older than {@code keepDuration}) and how much space it steers towards.
 * Deprecated {@code keepBytes} arrives here as {@code reservedSpace}, as upstream treats it.
 *
 * @param all also delete internal and shared records
 * @param filters containerd-style filters, any of which may match ({@code type==source.local})
 * @param keepDuration records used more recently than this are kept; zero = no age condition
 * @param reservedSpace space this rule never reclaims below
 * @param maxUsedSpace usage above this is reclaimed
 * @param minFreeSpace free disk space this rule tries to leave
 */
public record GcPolicy(
        boolean all,
        List<String> filters,
        Duration keepDuration,
        DiskSpace reservedSpace,
        DiskSpace maxUsedSpace,
        DiskSpace minFreeSpace) {

    public GcPolicy {
        filters = List.copyOf(filters);
    }
}
