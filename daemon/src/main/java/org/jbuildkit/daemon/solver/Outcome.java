package org.jbuildkit.daemon.solver;

import java.util.ArrayList;
import java.util.List;

/**
 * What solving a vertex gave: its cache key and its results — either produced now, or recorded
 * IDs loaded only when something actually reads them (a cached step nobody reads is never loaded) —
 * and, for a miss, where the chain of misses started.
 */
final class Outcome {
    private final String name;
    private final String key;
    private final MissCause cause;
    private final List<String> recordedIds;
    private List<ResultRef> results;

    private Outcome(String name, String key, MissCause cause, List<String> recordedIds, List<ResultRef> results) {
        this.name = name;
        this.key = key;
        this.cause = cause;
        this.recordedIds = recordedIds;
        this.results = results;
    }

    static Outcome cached(String name, String key, List<String> ids) {
        return new Outcome(name, key, null, List.copyOf(ids), null);
    }

    /** {@code cause}: why the step (or the first one it depends on) missed the cache, null if not known. */
    static Outcome produced(String name, String key, MissCause cause, List<ResultRef> results) {
        return new Outcome(name, key, cause, null, List.copyOf(results));
    }

    /** The vertex's name, as progress shows it. */
    String name() {
        return name;
    }

    String key() {
        return key;
    }

    MissCause cause() {
        return cause;
    }

    synchronized ResultRef result(long index, ResultStore store) {
        if (results == null) {
            List<ResultRef> loaded = new ArrayList<>();
            for (String id : recordedIds) {
                loaded.add(store.load(id));
            }
            results = loaded;
        }
        if (index < 0 || index >= results.size()) {
            throw new IllegalStateException("output " + index + " does not exist (the op has " + results.size()
                    + " outputs)");
        }
        return results.get((int) index);
    }
}
