package org.jbuildkit.daemon.solver;

import java.util.List;
import java.util.Optional;

/**
 * An op's part of its cache key: a digest of the op without its inputs' identity, and per input
 * either "by key" (the input's own cache key) or a selector whose content checksum counts instead
 * (a COPY depends on the bytes it reads, not on how they were made). {@code parts} name what the
 * digest is made of, to explain a miss; they never enter the key.
 */
public record CacheMap(String digest, List<Optional<String>> contentSelectors, List<CachePart> parts) {
    public CacheMap {
        contentSelectors = List.copyOf(contentSelectors);
        parts = List.copyOf(parts);
    }

    /** A map with nothing to explain a miss by. */
    public CacheMap(String digest, List<Optional<String>> contentSelectors) {
        this(digest, contentSelectors, List.of());
    }

    /** Every input contributes its cache key. */
    public static CacheMap byKeys(String digest, int inputs) {
        return new CacheMap(digest, java.util.Collections.nCopies(inputs, Optional.empty()));
    }

    /** The same map, explained by these parts (in the order a reason should look at them). */
    public CacheMap withParts(List<CachePart> explained) {
        return new CacheMap(digest, contentSelectors, explained);
    }
}
