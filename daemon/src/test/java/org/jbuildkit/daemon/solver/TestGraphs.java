package org.jbuildkit.daemon.solver;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.jbuildkit.api.DeterministicProto;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.api.pb.ExecOp;
import org.jbuildkit.api.pb.Input;
import org.jbuildkit.api.pb.Meta;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.SourceOp;

/** Small LLB definitions built from raw pb ops, for solver tests. */
final class TestGraphs {
    private final List<ByteString> ops = new ArrayList<>();
    private final java.util.Map<String, String> names = new java.util.LinkedHashMap<>();

    String source(String identifier) {
        return add(Op.newBuilder().setSource(SourceOp.newBuilder().setIdentifier(identifier)).build());
    }

    /** An exec whose args are its "command"; it reads the given vertices' output 0. */
    String exec(String command, String... inputs) {
        Op.Builder op = Op.newBuilder().setExec(ExecOp.newBuilder().setMeta(Meta.newBuilder().addArgs(command)));
        for (String input : inputs) {
            op.addInputs(Input.newBuilder().setDigest(input).setIndex(0));
        }
        return add(op.build());
    }

    /** Gives a vertex a custom name (llb.customname), which progress shows and step history keys on. */
    String named(String digest, String name) {
        names.put(digest, name);
        return digest;
    }

    Definition definition(String head) {
        Definition.Builder def = Definition.newBuilder().addAllDef(ops);
        names.forEach((digest, name) -> def.putMetadata(digest, org.jbuildkit.api.pb.OpMetadata.newBuilder()
                .putDescription("llb.customname", name).build()));
        def.addDef(ByteString.copyFrom(DeterministicProto.marshal(Op.newBuilder()
                .addInputs(Input.newBuilder().setDigest(head).setIndex(0)).build())));
        return def.build();
    }

    private String add(Op op) {
        ByteString bytes = ByteString.copyFrom(DeterministicProto.marshal(op));
        String digest = BuildGraph.digestOf(bytes);
        if (!ops.contains(bytes)) {
            ops.add(bytes);
        }
        return digest;
    }
}
