package org.jbuildkit.llb;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.OpMetadata;

/**
 * A typed view of a {@code pb.Definition}: every op decoded and named by the digest of its bytes exactly as sent
 * (never re-marshaled), in definition order, plus the head — the output the terminal op points at.
 */
public final class LlbDefinition {

    private final Definition source;
    private final List<LlbVertex> vertices;
    private final Map<String, LlbVertex> byDigest;

    private LlbDefinition(Definition source, List<LlbVertex> vertices) {
        this.source = source;
        this.vertices = List.copyOf(vertices);
        Map<String, LlbVertex> map = new LinkedHashMap<>();
        for (LlbVertex v : vertices) {
            map.putIfAbsent(v.digest(), v);
        }
        this.byDigest = Collections.unmodifiableMap(map);
    }

    public static LlbDefinition parse(Definition def) {
        List<LlbVertex> vertices = new ArrayList<>();
        for (int i = 0; i < def.getDefCount(); i++) {
            ByteString bytes = def.getDef(i);
            Op op;
            try {
                op = Op.parseFrom(bytes);
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalArgumentException("LLB definition element " + i + " is not a valid pb.Op: "
                        + e.getMessage() + "; the client sent a corrupt or non-LLB definition", e);
            }
            byte[] raw = bytes.toByteArray();
            String digest = Digests.sha256(raw);
            vertices.add(new LlbVertex(digest, op, def.getMetadataOrDefault(digest, OpMetadata.getDefaultInstance()),
                    raw));
        }
        LlbDefinition parsed = new LlbDefinition(def, vertices);
        parsed.checkInputs();
        return parsed;
    }

    public static LlbDefinition parse(byte[] marshaledDefinition) {
        try {
            return parse(Definition.parseFrom(marshaledDefinition));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("input is not a marshaled pb.Definition: " + e.getMessage(), e);
        }
    }

    private void checkInputs() {
        for (LlbVertex v : vertices) {
            v.inputs().forEach(in -> {
                if (!byDigest.containsKey(in.getDigest())) {
                    throw new IllegalArgumentException("op " + v.digest() + " references " + in.getDigest()
                            + ", which is not in the definition");
                }
            });
        }
    }

    /** All ops in definition order, the terminal op last. */
    public List<LlbVertex> vertices() {
        return vertices;
    }

    public Optional<LlbVertex> vertex(String digest) {
        return Optional.ofNullable(byDigest.get(digest));
    }

    /** The digest of the result op (upstream's {@code Definition.Head()}); empty for an empty definition. */
    public Optional<String> head() {
        if (vertices.isEmpty()) {
            return Optional.empty();
        }
        LlbVertex last = vertices.get(vertices.size() - 1);
        return last.inputs().isEmpty() ? Optional.empty() : Optional.of(last.inputs().get(0).getDigest());
    }

    /** The head op with its output index, as the terminal op names it. */
    public Optional<org.jbuildkit.api.pb.Input> headInput() {
        if (vertices.isEmpty() || vertices.get(vertices.size() - 1).inputs().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(vertices.get(vertices.size() - 1).inputs().get(0));
    }

    /** The definition this view was parsed from, unchanged. */
    public Definition toDefinition() {
        return source;
    }

    /** A definition rebuilt from the parsed ops and metadata (source map kept), for round-trip checks. */
    public Definition rebuild() {
        Definition.Builder b = Definition.newBuilder();
        for (LlbVertex v : vertices) {
            b.addDef(ByteString.copyFrom(v.bytes()));
        }
        for (LlbVertex v : vertices) {
            if (source.containsMetadata(v.digest())) {
                b.putMetadata(v.digest(), v.metadata());
            }
        }
        if (source.hasSource()) {
            b.setSource(source.getSource());
        }
        return b.build();
    }
}
