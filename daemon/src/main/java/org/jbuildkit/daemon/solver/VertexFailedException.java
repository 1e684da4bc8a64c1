package org.jbuildkit.daemon.solver;

/** A vertex failed; carries its digest and name so the error can point at the step. */
public final class VertexFailedException extends RuntimeException {
    private final String vertex;

    public VertexFailedException(Vertex vertex, Throwable cause) {
        super(vertex.name() + ": " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()), cause);
        this.vertex = vertex.digest();
    }

    /** The digest of the failed vertex. */
    public String vertex() {
        return vertex;
    }
}
