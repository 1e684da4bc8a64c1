package org.jbuildkit.daemon.solver;

/** An output of a vertex: its digest and the output index. */
public record Edge(String vertex, long index) {
    @Override
    public String toString() {
        return vertex + "[" + index + "]";
    }
}
