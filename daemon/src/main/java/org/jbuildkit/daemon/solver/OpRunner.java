package org.jbuildkit.daemon.solver;

import java.util.List;

/**
 * Runs one kind of op, as upstream's solver Op: first say what identifies it for caching, then
 * execute it on its inputs' results. One implementation per op type (source, exec, file, merge, diff).
 */
public interface OpRunner {

    /** What the op contributes to its cache key, and how each input takes part. */
    CacheMap cacheMap(Vertex vertex);

    /**
     * As {@link #cacheMap(Vertex)}, for ops whose key depends on the client (a local source is keyed
     * by its session; an image is resolved with the client's credentials).
     */
    default CacheMap cacheMap(Vertex vertex, SessionGroup sessions) {
        return cacheMap(vertex);
    }

    /** Runs the op; one result per output. Must stop promptly when {@code context} is cancelled. */
    List<ResultRef> exec(Vertex vertex, List<ResultRef> inputs, ExecContext context) throws Exception;
}
