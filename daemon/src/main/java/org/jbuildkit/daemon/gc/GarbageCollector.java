package org.jbuildkit.daemon.gc;

import java.time.Duration;
import java.util.List;
import org.jbuildkit.api.types.GCPolicy;
import org.jbuildkit.daemon.cache.BuildCache;
import org.jbuildkit.daemon.cache.PruneOptions;
import org.jbuildkit.daemon.config.DiskSpace;
import org.jbuildkit.daemon.worker.metadata.RecordFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's garbage collection, as upstream's worker GC: each {@code [[worker.oci.gcpolicy]]}
 * rule in order is one prune of the build cache, with its filters, {@code all}, keep duration and
 * space limits. The prune keeps what builds hold and removes children before their parents.
 */
public final class GarbageCollector {
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

    /** What one run removed. */
    public record Freed(int records, long bytes) {
    }

    private final BuildCache cache;
    private final List<PruneOptions> policies;

    public GarbageCollector(BuildCache cache, List<PruneOptions> policies) {
        this.cache = cache;
        this.policies = List.copyOf(policies);
    }

    /**
     * The worker's rules as {@code buildctl debug workers -v} shows them (percentages already turned
     * into bytes of the disk), so what runs is what is shown.
     */
    public static List<PruneOptions> policies(List<GCPolicy> worker) {
        return worker.stream().map(p -> new PruneOptions(RecordFilter.parse(p.getFiltersList()), p.getAll(),
                Duration.ofNanos(p.getKeepDuration()), p.getReservedSpace(), p.getMaxUsedSpace(),
                p.getMinFreeSpace())).toList();
    }

    /** Applies every rule in order; logs one line when something went. */
    public Freed collect() {
        int[] records = {0};
        long[] bytes = {0};
        for (PruneOptions policy : policies) {
            cache.prune(policy, removed -> {
                records[0]++;
                bytes[0] += removed.getSize();
            });
        }
        Freed freed = new Freed(records[0], bytes[0]);
        if (freed.records() > 0) {
            LOG.info("gc: removed {} cache record{}, {} freed", freed.records(), freed.records() == 1 ? "" : "s",
                    DiskSpace.humanSize(freed.bytes()));
        } else {
            LOG.debug("gc: nothing to remove under {} polic{}", policies.size(), policies.size() == 1 ? "y" : "ies");
        }
        return freed;
    }
}
