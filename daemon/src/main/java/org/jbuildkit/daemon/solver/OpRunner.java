package org.jbuildkit.daemon.solver;

import java.util.List;

/**
 * Runs one kind of op, as upstream's solver Op: first say what identifies it for caching, then
 * execute it on its inputs' results. One implementation per op type (source, exec, file, merge, diff).
 */
public interface OpRunner {

    /** What the op contributes to its cache key, and how each input takes part. */
    CacheMap cacheMap(Vertex vertex);

    /** Runs the op; one result per output. Must stop promptly when {@code context} is cancelled. */
    List<ResultRef> exec(Vertex vertex, List<ResultRef> inputs, ExecContext context) throws Exception;
}
