package org.jbuildkit.daemon.solver;

import java.util.List;
import java.util.Optional;

/** Where cache keys map to results: survives restarts in the daemon, in memory in tests. */
public interface ResultStore {

    /** The result IDs recorded for a key (one per output), if any. */
    Optional<List<String>> lookup(String cacheKey);

    /** Records the results a key produced. */
    void record(String cacheKey, List<ResultRef> results);

    /** Loads a recorded result by ID. */
    ResultRef load(String resultId);
}
