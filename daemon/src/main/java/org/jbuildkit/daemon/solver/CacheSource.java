package org.jbuildkit.daemon.solver;

import java.util.Optional;

/**
 * Cache a build imports from elsewhere (a registry, the client's OCI layout): results known by cache key that
 * are only fetched when a later step or an exporter reads them. With a source, a build solves lazily: a step
 * whose result nothing reads, because everything after it was found in the cache, never runs or downloads.
 */
public interface CacheSource {

    /** No imported cache: every miss runs as soon as its inputs are ready. */
    CacheSource NONE = new CacheSource() {
        @Override
        public boolean isEmpty() {
            return true;
        }

        @Override
        public Optional<Integer> outputs(String cacheKey) {
            return Optional.empty();
        }

        @Override
        public ResultRef materialize(String cacheKey, int output, ExecContext context) {
            throw new IllegalStateException("no imported cache holds " + cacheKey);
        }

        @Override
        public Optional<String> checksum(String cacheKey, long output, String selector) {
            return Optional.empty();
        }
    };

    boolean isEmpty();

    /** How many outputs the imported cache holds for the key (all of them or it does not count), if any. */
    Optional<Integer> outputs(String cacheKey);

    /** Fetches one output's result (its layers) into the worker; {@code context} shows the download. */
    ResultRef materialize(String cacheKey, int output, ExecContext context) throws Exception;

    /**
     * The content checksum the exporting build computed for {@code selector} of that output, so a content-based
     * key (a COPY from another stage) is known without fetching the result it reads.
     */
    Optional<String> checksum(String cacheKey, long output, String selector);
}
