package org.jbuildkit.daemon.solver;

import java.util.List;
import java.util.Optional;

/**
 * An op's part of its cache key: a digest of the op without its inputs' identity, and per input
 * either "by key" (the input's own cache key) or a selector whose content checksum counts instead
 * (a COPY depends on the bytes it reads, not on how they were made).
 */
public record CacheMap(String digest, List<Optional<String>> contentSelectors) {
    public CacheMap {
        contentSelectors = List.copyOf(contentSelectors);
    }

    /** Every input contributes its cache key. */
    public static CacheMap byKeys(String digest, int inputs) {
        return new CacheMap(digest, java.util.Collections.nCopies(inputs, Optional.empty()));
    }
}
