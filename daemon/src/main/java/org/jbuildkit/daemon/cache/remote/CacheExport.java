package org.jbuildkit.daemon.cache.remote;

/** One {@code --export-cache} entry, parsed: where the cache goes and how it is written. */
public sealed interface CacheExport permits RegistryCacheExport, LocalCacheExport, InlineCacheExport {

    /** Which records to export. */
    CacheExportMode mode();

    /** {@code ignore-error=true}: a failed export is a warning, not a failed build. */
    boolean ignoreError();
}
