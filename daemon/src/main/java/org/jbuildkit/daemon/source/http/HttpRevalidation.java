package org.jbuildkit.daemon.source.http;

import java.util.Map;
import java.util.Optional;
import org.jbuildkit.daemon.worker.metadata.HttpCacheEntry;

/**
 * Conditional requests for a URL the daemon downloaded before: ask with {@code If-None-Match} (the
 * remembered ETag) or, for a server that sent none, {@code If-Modified-Since} (its Last-Modified), and
 * accept a {@code 304} only when it vouches for the remembered body.
 */
final class HttpRevalidation {
    private HttpRevalidation() {
    }

    /** The headers that make the request conditional on {@code entry}; none when it has no validator. */
    static Map<String, String> conditions(HttpCacheEntry entry) {
        if (entry.etagIfAny().isPresent()) {
            return Map.of("If-None-Match", entry.etag());
        }
        return entry.lastModifiedIfAny().map(date -> Map.of("If-Modified-Since", date)).orElse(Map.of());
    }

    /**
     * Whether a {@code 304} answer confirms the remembered body: with an ETag it must match (weakly, as
     * If-None-Match compares) or be absent, as upstream reads a 304 to a single-ETag question.
     */
    static boolean confirms(HttpCacheEntry entry, int status, Optional<String> responseEtag) {
        if (status != 304) {
            return false;
        }
        if (entry.etagIfAny().isEmpty()) {
            return entry.lastModifiedIfAny().isPresent();
        }
        return responseEtag.isEmpty() || opaque(responseEtag.get()).equals(opaque(entry.etag()));
    }

    /** The tag without its weakness marker. */
    static String opaque(String etag) {
        String tag = etag.strip();
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
