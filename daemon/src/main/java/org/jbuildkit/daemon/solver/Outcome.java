package org.jbuildkit.daemon.solver;

import java.util.ArrayList;
import java.util.List;

/**
 * What solving a vertex gave: its cache key and its results — either produced now, or recorded
 * IDs loaded only when something actually reads them (a cached step nobody reads is never loaded).
 */
final class Outcome {
    private final String key;
    private final List<String> recordedIds;
    private List<ResultRef> results;

    private Outcome(String key, List<String> recordedIds, List<ResultRef> results) {
        this.key = key;
        this.recordedIds = recordedIds;
        this.results = results;
    }

    static Outcome cached(String key, List<String> ids) {
        return new Outcome(key, List.copyOf(ids), null);
    }

    static Outcome produced(String key, List<ResultRef> results) {
        return new Outcome(key, null, List.copyOf(results));
    }

    String key() {
        return key;
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
