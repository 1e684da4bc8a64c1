package org.jbuildkit.llb;

import java.util.ArrayList;
import java.util.List;
import org.jbuildkit.api.pb.DiffOp;
import org.jbuildkit.api.pb.LowerDiffInput;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.UpperDiffInput;

/** A diff op: what changed from lower to upper; a scratch side is input {@code -1}. Not platform specific. */
final class DiffVertex implements Vertex {

    private final State lower;
    private final State upper;
    private final OpConstraints constraints;

    DiffVertex(State lower, State upper, OpConstraints constraints) {
        this.lower = lower;
        this.upper = upper;
        this.constraints = constraints;
    }

    @Override
    public List<Output> inputs() {
        List<Output> out = new ArrayList<>();
        if (lower.output() != null) {
            out.add(lower.output());
        }
        if (upper.output() != null) {
            out.add(upper.output());
        }
        return out;
    }

    @Override
    public MarshaledOp marshal(MarshalContext ctx) {
        Op.Builder op = ctx.opSkeleton(constraints).clearPlatform();
        DiffOp.Builder diff = DiffOp.newBuilder();
        if (lower.output() == null) {
            diff.setLower(LowerDiffInput.newBuilder().setInput(-1));
        } else {
            diff.setLower(LowerDiffInput.newBuilder().setInput(op.getInputsCount()));
            op.addInputs(lower.output().toInput(ctx));
        }
        if (upper.output() == null) {
            diff.setUpper(UpperDiffInput.newBuilder().setInput(-1));
        } else {
            diff.setUpper(UpperDiffInput.newBuilder().setInput(op.getInputsCount()));
            op.addInputs(upper.output().toInput(ctx));
        }
        return MarshalContext.finish(op.setDiff(diff).build(), constraints);
    }
}
