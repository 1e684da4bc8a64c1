package org.jbuildkit.daemon.cache.remote;

/** A remote cache export failed; the message names the cache and the fix. */
public final class CacheExportException extends RuntimeException {
    public CacheExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
