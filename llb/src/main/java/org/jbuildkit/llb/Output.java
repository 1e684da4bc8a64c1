package org.jbuildkit.llb;

import java.util.Objects;
import org.jbuildkit.api.pb.Input;

/**
 * One output of a vertex. Exec ops have one output per writable mount, named by the mount target; the index is
 * only known once the mounts are sorted at marshal time, so it is resolved then.
 */
record Output(Vertex vertex, String mountTarget) {

    Output {
        Objects.requireNonNull(vertex, "vertex");
    }

    static Output of(Vertex vertex) {
        return new Output(vertex, null);
    }

    Input toInput(MarshalContext ctx) {
        MarshaledOp op = ctx.marshal(vertex);
        return Input.newBuilder().setDigest(op.digest()).setIndex(vertex.outputIndex(mountTarget)).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Output other && other.vertex == vertex && Objects.equals(other.mountTarget, mountTarget);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(vertex) * 31 + Objects.hashCode(mountTarget);
    }
}
