package org.jbuildkit.daemon.cache.remote;

/** A remote cache import failed; the message names the cache and the fix. */
public final class CacheImportException extends RuntimeException {
    public CacheImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
