package org.jbuildkit.llb;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.SourceOp;

/** A source op: an identifier ({@code docker-image://…}, {@code local://…}, {@code git://…}, {@code https://…}) and attributes. */
final class SourceVertex implements Vertex {

    static final String LOCAL_SESSION = "local.session";
    static final String LOCAL_UNIQUE = "local.unique";

    private final String identifier;
    private final Map<String, String> attrs;
    private final OpConstraints constraints;

    SourceVertex(String identifier, Map<String, String> attrs, OpConstraints constraints) {
        if (identifier.isEmpty()) {
            throw new IllegalArgumentException("source identifier can't be empty");
        }
        this.identifier = identifier;
        this.attrs = Map.copyOf(attrs);
        this.constraints = constraints;
    }

    @Override
    public List<Output> inputs() {
        return List.of();
    }

    @Override
    public MarshaledOp marshal(MarshalContext ctx) {
        Map<String, String> a = new TreeMap<>(attrs);
        OpConstraints c = constraints;
        if (identifier.startsWith("local://") && !a.containsKey(LOCAL_SESSION)) {
            String uid = c.localUniqueIdOrNull() != null ? c.localUniqueIdOrNull() : ctx.options().localUniqueId();
            a.put(LOCAL_UNIQUE, uid);
            c = c.withCap(Caps.SOURCE_LOCAL_UNIQUE);
        }
        Op.Builder op = ctx.opSkeleton(c)
                .setSource(SourceOp.newBuilder().setIdentifier(identifier).putAllAttrs(a));
        if (!platformSpecific()) {
            op.clearPlatform();
        }
        return MarshalContext.finish(op.build(), c);
    }

    private boolean platformSpecific() {
        return identifier.startsWith("docker-image://") || identifier.startsWith("oci-layout://");
    }
}
