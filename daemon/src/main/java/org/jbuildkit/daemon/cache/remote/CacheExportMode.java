package org.jbuildkit.daemon.cache.remote;

/** Which cache records an export writes ({@code mode=}): only the final result's ({@code min}) or every step's. */
public enum CacheExportMode {
    MIN, MAX
}
