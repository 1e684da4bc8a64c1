package org.jbuildkit.llb;

import java.util.List;
import org.jbuildkit.api.pb.Input;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.OpMetadata;

/** One op of a parsed definition: its digest (sha256 of its bytes as sent), the decoded op and its metadata. */
public record LlbVertex(String digest, Op op, OpMetadata metadata, byte[] bytes) {

    public List<Input> inputs() {
        return op.getInputsList();
    }

    /** The terminal op only points at the result; it has no op of its own. */
    public boolean isTerminal() {
        return op.getOpCase() == Op.OpCase.OP_NOT_SET;
    }
}
