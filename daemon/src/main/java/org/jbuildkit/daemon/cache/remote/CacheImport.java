package org.jbuildkit.daemon.cache.remote;

/** One {@code --import-cache} entry, parsed: where to read a cache from. */
public sealed interface CacheImport permits RegistryCacheImport, LocalCacheImport {
}
