package org.jbuildkit.daemon.cache;

import java.util.List;
import java.util.function.Consumer;
import org.jbuildkit.api.control.UsageRecord;
import org.jbuildkit.daemon.worker.metadata.RecordFilter;

/** The worker's build cache as {@code du} and {@code prune} see it: records, and reclaiming them. */
public interface BuildCache {

    /** The records the filter selects (upstream's syntax, e.g. {@code type==regular}). */
    List<UsageRecord> usage(RecordFilter filter);

    /** Removes what the request selects, reporting each removed record as it goes. */
    void prune(PruneOptions options, Consumer<UsageRecord> removed);
}
