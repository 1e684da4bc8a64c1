package org.jbuildkit.daemon.cache.remote;

/**
 * A remote cache's config or manifest that cannot be used: malformed JSON, an index out of range, a cycle, or a
 * manifest that is not a cache at all. The message names the document and the index or field at fault.
 */
public final class CacheFormatException extends RuntimeException {

    public CacheFormatException(String message) {
        super(message);
    }

    public CacheFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
