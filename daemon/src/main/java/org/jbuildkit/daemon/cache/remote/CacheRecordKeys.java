package org.jbuildkit.daemon.cache.remote;

import java.nio.charset.StandardCharsets;
import org.jbuildkit.registry.image.Digest;

/**
 * How this daemon's cache keys appear in a cache config: a record per output of a step, its digest the sha256 of
 * {@code <cache key>@<output>} (as upstream names records by their key and output index).
 */
final class CacheRecordKeys {
    private CacheRecordKeys() {
    }

    static Digest of(String cacheKey, long output) {
        return Digest.sha256((cacheKey + "@" + output).getBytes(StandardCharsets.UTF_8));
    }
}
