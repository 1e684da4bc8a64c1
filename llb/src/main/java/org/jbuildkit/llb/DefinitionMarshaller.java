package org.jbuildkit.llb;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.api.pb.Input;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.OpMetadata;

/**
 * Turns a state into a {@code pb.Definition} as upstream's {@code State.Marshal} does: ops depth-first, inputs
 * before their users, each distinct op once (by digest, metadata of duplicates merged), then a terminal op whose
 * only input is the state's output.
 */
final class DefinitionMarshaller {

    private final MarshalContext ctx;
    private final Definition.Builder def = Definition.newBuilder();
    private final Map<String, OpMetadata> metadata = new LinkedHashMap<>();
    private final Set<String> emitted = new HashSet<>();
    private final Map<Vertex, Boolean> visited = new IdentityHashMap<>();
    private final SourceMapCollector sourceMaps = new SourceMapCollector();

    private DefinitionMarshaller(MarshalOptions options) {
        this.ctx = new MarshalContext(options);
    }

    static Definition marshal(State state, MarshalOptions options) {
        if (state.output() == null) {
            return Definition.getDefaultInstance();
        }
        DefinitionMarshaller m = new DefinitionMarshaller(options);
        m.visit(state.output().vertex());
        Input head = state.output().toInput(m.ctx);
        byte[] terminal = Op.newBuilder().addInputs(head).build().toByteArray();
        String digest = Digests.sha256(terminal);
        m.def.addDef(com.google.protobuf.ByteString.copyFrom(terminal));
        OpMetadata.Builder md = m.metadata.getOrDefault(digest, OpMetadata.getDefaultInstance()).toBuilder()
                .putCaps(Caps.CONSTRAINTS, true).putCaps(Caps.PLATFORM, true);
        for (OpMetadata other : m.metadata.values()) {
            if (other.getIgnoreCache()) {
                md.putCaps(Caps.META_IGNORE_CACHE, true);
            }
            if (other.getDescriptionCount() > 0) {
                md.putCaps(Caps.META_DESCRIPTION, true);
            }
            if (other.hasExportCache()) {
                md.putCaps(Caps.META_EXPORT_CACHE, true);
            }
        }
        m.metadata.put(digest, md.build());
        m.def.putAllMetadata(m.metadata);
        m.sourceMaps.toProto().ifPresent(m.def::setSource);
        return m.def.build();
    }

    private void visit(Vertex v) {
        if (visited.containsKey(v)) {
            return;
        }
        for (Output in : v.inputs()) {
            visit(in.vertex());
        }
        MarshaledOp op = ctx.marshal(v);
        visited.put(v, Boolean.TRUE);
        metadata.merge(op.digest(), op.metadata(), DefinitionMarshaller::mergeMetadata);
        sourceMaps.add(op.digest(), op.sourceLocations());
        if (emitted.add(op.digest())) {
            def.addDef(com.google.protobuf.ByteString.copyFrom(op.bytes()));
        }
    }

    /** Upstream's {@code mergeMetadata}: the later op's values win, flags and caps accumulate. */
    static OpMetadata mergeMetadata(OpMetadata m1, OpMetadata m2) {
        OpMetadata.Builder b = m1.toBuilder();
        if (m2.getIgnoreCache()) {
            b.setIgnoreCache(true);
        }
        b.putAllDescription(m2.getDescriptionMap());
        if (m2.hasExportCache()) {
            b.setExportCache(m2.getExportCache());
        }
        b.putAllCaps(m2.getCapsMap());
        if (m2.hasProgressGroup()) {
            b.setProgressGroup(m2.getProgressGroup());
        }
        if (m2.hasLinuxResources()) {
            b.setLinuxResources(m2.getLinuxResources());
        }
        return b.build();
    }
}
