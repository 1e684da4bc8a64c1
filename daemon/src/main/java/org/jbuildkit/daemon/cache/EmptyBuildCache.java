package org.jbuildkit.daemon.cache;

import java.util.List;
import java.util.function.Consumer;
import org.jbuildkit.api.control.UsageRecord;

/**
 * The cache of a worker that cannot create records yet (no solver in this daemon): {@code du} lists
 * nothing and {@code prune} removes nothing. Replaced by the metadata-store-backed cache with the solver.
 */
public final class EmptyBuildCache implements BuildCache {
    @Override
    public List<UsageRecord> usage(List<CacheFilter> filters) {
        return List.of();
    }

    @Override
    public void prune(PruneOptions options, Consumer<UsageRecord> removed) {
        // Nothing is stored, so nothing is removed; the request was still validated by the caller.
    }
}
