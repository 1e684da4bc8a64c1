package org.jbuildkit.daemon.ops;

import java.util.List;
import java.util.Map;
import org.jbuildkit.daemon.solver.CacheMap;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.OpRunner;
import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.solver.SessionGroup;
import org.jbuildkit.daemon.solver.Vertex;

/** Source ops, dispatched by the identifier's scheme ({@code docker-image://}, {@code local://}, …). */
public final class SourceRunner implements OpRunner {
    private final Map<String, OpRunner> byScheme;

    public SourceRunner(Map<String, OpRunner> byScheme) {
        this.byScheme = Map.copyOf(byScheme);
    }

    @Override
    public CacheMap cacheMap(Vertex vertex) {
        return runner(vertex).cacheMap(vertex);
    }

    @Override
    public CacheMap cacheMap(Vertex vertex, SessionGroup sessions) {
        return runner(vertex).cacheMap(vertex, sessions);
    }

    @Override
    public List<ResultRef> exec(Vertex vertex, List<ResultRef> inputs, ExecContext context) throws Exception {
        return runner(vertex).exec(vertex, inputs, context);
    }

    private OpRunner runner(Vertex vertex) {
        String identifier = vertex.op().getSource().getIdentifier();
        int colon = identifier.indexOf("://");
        String scheme = colon > 0 ? identifier.substring(0, colon) : identifier;
        OpRunner runner = byScheme.get(scheme);
        if (runner == null) {
            throw new UnsupportedOperationException("sources of type " + scheme + ":// are not supported by this"
                    + " daemon yet (it has " + String.join(", ", byScheme.keySet().stream().sorted().toList()) + ")");
        }
        return runner;
    }
}
