package org.jbuildkit.llb;

import java.util.IdentityHashMap;
import java.util.Map;
import org.jbuildkit.api.DeterministicProto;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.WorkerConstraints;

/** State of one marshal: the options and each vertex's result, so a vertex reached twice is marshaled once. */
final class MarshalContext {

    private final MarshalOptions options;
    private final Map<Vertex, MarshaledOp> done = new IdentityHashMap<>();

    MarshalContext(MarshalOptions options) {
        this.options = options;
    }

    MarshalOptions options() {
        return options;
    }

    MarshaledOp marshal(Vertex v) {
        MarshaledOp op = done.get(v);
        if (op == null) {
            op = v.marshal(this);
            done.put(v, op);
        }
        return op;
    }

    /** Upstream's {@code MarshalConstraints}: an op skeleton with platform and worker constraints filled in. */
    Op.Builder opSkeleton(OpConstraints c) {
        Platform p = c.platformOrNull() != null ? c.platformOrNull() : options.defaultPlatform();
        return Op.newBuilder()
                .setPlatform(p.toProto())
                .setConstraints(WorkerConstraints.newBuilder().addAllFilter(c.workerConstraints()));
    }

    static MarshaledOp finish(Op op, OpConstraints c) {
        byte[] bytes = DeterministicProto.marshal(op);
        return new MarshaledOp(Digests.sha256(bytes), bytes, c.toMetadata(), c.sourceLocations());
    }
}
