package org.jbuildkit.llb;

import java.util.ArrayList;
import java.util.List;
import org.jbuildkit.api.pb.MergeInput;
import org.jbuildkit.api.pb.MergeOp;
import org.jbuildkit.api.pb.Op;

/** A merge op: the inputs' filesystems layered in order; not platform specific. */
final class MergeVertex implements Vertex {

    private final List<State> inputs;
    private final OpConstraints constraints;

    MergeVertex(List<State> inputs, OpConstraints constraints) {
        this.inputs = List.copyOf(inputs);
        this.constraints = constraints;
    }

    @Override
    public List<Output> inputs() {
        List<Output> out = new ArrayList<>();
        for (State s : inputs) {
            out.add(s.output());
        }
        return out;
    }

    @Override
    public MarshaledOp marshal(MarshalContext ctx) {
        Op.Builder op = ctx.opSkeleton(constraints).clearPlatform();
        MergeOp.Builder merge = MergeOp.newBuilder();
        for (State s : inputs) {
            merge.addInputs(MergeInput.newBuilder().setInput(op.getInputsCount()));
            op.addInputs(s.output().toInput(ctx));
        }
        return MarshalContext.finish(op.setMerge(merge).build(), constraints);
    }
}
