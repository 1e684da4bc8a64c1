package org.jbuildkit.daemon.cache.remote;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jbuildkit.daemon.solver.CacheSource;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.worker.metadata.LayerBlob;

/** Several {@code --import-cache} at once: a key is looked up in each, in the order given. */
public final class ImportedCaches implements CacheSource {
    private final List<ImportedCache> caches;

    public ImportedCaches(List<ImportedCache> caches) {
        this.caches = List.copyOf(caches);
    }

    @Override
    public boolean isEmpty() {
        return caches.stream().allMatch(ImportedCache::isEmpty);
    }

    @Override
    public Optional<Integer> outputs(String cacheKey) {
        return holder(cacheKey).flatMap(c -> c.outputs(cacheKey));
    }

    @Override
    public ResultRef materialize(String cacheKey, int output, ExecContext context) throws Exception {
        ImportedCache cache = holder(cacheKey).orElseThrow(() -> new IllegalStateException(
                "no imported cache has " + cacheKey));
        return cache.materialize(cacheKey, output, context);
    }

    @Override
    public Optional<String> checksum(String cacheKey, long output, String selector) {
        for (ImportedCache cache : caches) {
            Optional<String> found = cache.checksum(cacheKey, output, selector);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The layers an import lists for a step output, and the storage to fetch them from, without fetching. */
    public Optional<Map.Entry<List<LayerBlob>, CacheStorage>> layers(String cacheKey, int output) {
        for (ImportedCache cache : caches) {
            Optional<List<LayerBlob>> found = cache.layers(cacheKey, output);
            if (found.isPresent()) {
                return Optional.of(Map.entry(found.get(), cache.storage()));
            }
        }
        return Optional.empty();
    }

    private Optional<ImportedCache> holder(String cacheKey) {
        return caches.stream().filter(c -> c.outputs(cacheKey).isPresent()).findFirst();
    }
}
