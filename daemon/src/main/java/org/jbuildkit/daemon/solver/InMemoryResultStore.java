package org.jbuildkit.daemon.solver;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cache keys to results for the life of this process only. The daemon uses the metadata store so
 * results survive restarts; this one serves until that is wired, and in tests.
 */
public final class InMemoryResultStore implements ResultStore {
    private final Map<String, List<String>> keys = new ConcurrentHashMap<>();
    private final Map<String, ResultRef> results = new ConcurrentHashMap<>();

    @Override
    public Optional<List<String>> lookup(String cacheKey) {
        return Optional.ofNullable(keys.get(cacheKey));
    }

    @Override
    public void record(String cacheKey, List<ResultRef> refs) {
        refs.forEach(r -> results.put(r.id(), r));
        keys.put(cacheKey, refs.stream().map(ResultRef::id).toList());
    }

    @Override
    public ResultRef load(String resultId) {
        ResultRef ref = results.get(resultId);
        if (ref == null) {
            throw new IllegalStateException("result " + resultId + " is no longer available");
        }
        return ref;
    }
}
