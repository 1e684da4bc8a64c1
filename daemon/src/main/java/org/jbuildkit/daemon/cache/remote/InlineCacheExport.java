package org.jbuildkit.daemon.cache.remote;

/** {@code --export-cache type=inline}: the records stored in the exported image's config. */
public record InlineCacheExport(CacheExportMode mode, boolean ignoreError) implements CacheExport {
}
