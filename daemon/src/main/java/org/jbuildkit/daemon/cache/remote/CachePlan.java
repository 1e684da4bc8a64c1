package org.jbuildkit.daemon.cache.remote;

import java.util.List;
import org.jbuildkit.daemon.solver.CacheSource;

/**
 * One build's remote cache: the request's {@code --export-cache} and {@code --import-cache} entries, checked before
 * the build, with what the build should be warned of; once prepared, also the imported caches themselves.
 */
public record CachePlan(CacheOptions options, List<String> warnings, CacheSource imported) {
    public CachePlan {
        warnings = List.copyOf(warnings);
        imported = imported == null ? CacheSource.NONE : imported;
    }

    public static final CachePlan NONE = new CachePlan(CacheOptions.none(), List.of(), CacheSource.NONE);

    List<CacheExport> exportEntries() {
        return options.exports();
    }

    List<CacheImport> importEntries() {
        return options.imports();
    }

    /** The plan with its imports read. */
    CachePlan withImported(CacheSource source) {
        return new CachePlan(options, warnings, source);
    }

    /** The solver's view of the imports. */
    public CacheSource imports() {
        return imported;
    }

    boolean inline() {
        return exportEntries().stream().anyMatch(e -> e instanceof InlineCacheExport);
    }
}
