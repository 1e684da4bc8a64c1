package org.jbuildkit.daemon.solver;

import java.util.List;
import java.util.Optional;

/**
 * Where cache keys map to results: survives restarts in the daemon, in memory in tests. A store whose
 * results can be garbage collected also holds them for the builds using them ({@link #hold}); the
 * others keep the default methods, which hold nothing.
 */
public interface ResultStore {

    /** The result IDs recorded for a key (one per output), if any. */
    Optional<List<String>> lookup(String cacheKey);

    /** Records the results a key produced. */
    void record(String cacheKey, List<ResultRef> results);

    /** Loads a recorded result by ID. */
    ResultRef load(String resultId);

    /** Starts holding results for one build: what it finds or records under the hold stays until released. */
    default ResultHold hold(String build) {
        return ResultHold.NONE;
    }

    /** {@link #lookup}, holding what it finds in the same step, so nothing collects it before the build reads it. */
    default Optional<List<String>> lookup(String cacheKey, ResultHold hold) {
        return lookup(cacheKey);
    }

    /** {@link #record}, held at once for every build waiting on these results. */
    default void record(String cacheKey, List<ResultRef> results, List<ResultHold> holds) {
        record(cacheKey, results);
    }

    /** Ends a hold: its results may be collected again. */
    default void release(ResultHold hold) {
    }
}
