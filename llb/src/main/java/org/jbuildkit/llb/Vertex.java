package org.jbuildkit.llb;

import java.util.List;

/** A node of the LLB graph being built: it knows its inputs and how to marshal itself into a {@code pb.Op}. */
sealed interface Vertex permits SourceVertex, ExecVertex, FileVertex, MergeVertex, DiffVertex {

    /** The outputs this vertex reads, in the order upstream's {@code Vertex.Inputs()} visits them. */
    List<Output> inputs();

    MarshaledOp marshal(MarshalContext ctx);

    /** The index of the output named by {@code key} (an exec mount target; ignored by single-output ops). */
    default int outputIndex(String key) {
        return 0;
    }
}
