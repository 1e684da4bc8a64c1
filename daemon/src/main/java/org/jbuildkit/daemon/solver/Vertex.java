package org.jbuildkit.daemon.solver;

import java.util.List;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.OpMetadata;

/**
 * One node of a build graph: an LLB op, identified by the digest of its marshaled bytes, with the
 * edges to the vertices whose outputs it reads.
 */
public record Vertex(String digest, Op op, List<Edge> inputs, OpMetadata metadata) {
    public Vertex {
        inputs = List.copyOf(inputs);
    }

    /** The name progress shows: the op's custom name when set, else a short description of the op. */
    public String name() {
        String custom = metadata.getDescriptionMap().get("llb.customname");
        if (custom != null && !custom.isEmpty()) {
            return custom;
        }
        return switch (op.getOpCase()) {
            case SOURCE -> op.getSource().getIdentifier();
            case EXEC -> String.join(" ", op.getExec().getMeta().getArgsList());
            case FILE -> "file op";
            case MERGE -> "merge";
            case DIFF -> "diff";
            default -> op.getOpCase().name().toLowerCase();
        };
    }

    public boolean ignoreCache() {
        return metadata.getIgnoreCache();
    }
}
