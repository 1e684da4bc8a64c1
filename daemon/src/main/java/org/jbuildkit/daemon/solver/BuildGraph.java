package org.jbuildkit.daemon.solver;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.api.pb.Input;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.OpMetadata;
import org.jbuildkit.registry.image.Digest;

/**
 * A loaded LLB definition: every op keyed by the sha256 of its bytes exactly as sent (never
 * re-marshaled), inputs checked, and the head the terminal op points at.
 */
public final class BuildGraph {
    private final Map<String, Vertex> vertices;
    private final Edge head;

    private BuildGraph(Map<String, Vertex> vertices, Edge head) {
        this.vertices = Collections.unmodifiableMap(vertices);
        this.head = head;
    }

    public static BuildGraph load(Definition definition) {
        if (definition.getDefCount() == 0) {
            throw new InvalidDefinitionException("the definition is empty: nothing to build");
        }
        Map<String, Op> ops = new LinkedHashMap<>();
        String last = null;
        for (ByteString bytes : definition.getDefList()) {
            String digest = digestOf(bytes);
            try {
                ops.put(digest, Op.parseFrom(bytes));
            } catch (InvalidProtocolBufferException e) {
                throw new InvalidDefinitionException("op " + digest + " is not a valid pb.Op: " + e.getMessage(), e);
            }
            last = digest;
        }
        Op terminal = ops.get(last);
        if (terminal.getOpCase() != Op.OpCase.OP_NOT_SET || terminal.getInputsCount() != 1) {
            throw new InvalidDefinitionException("the last op of the definition must be the terminal op with one"
                    + " input (as upstream's marshal writes it); " + last + " is a " + terminal.getOpCase());
        }
        ops.remove(last);
        Map<String, Vertex> vertices = new HashMap<>();
        for (Map.Entry<String, Op> entry : ops.entrySet()) {
            List<Edge> inputs = new ArrayList<>();
            for (Input input : entry.getValue().getInputsList()) {
                if (!ops.containsKey(input.getDigest())) {
                    throw new InvalidDefinitionException("op " + entry.getKey() + " reads " + input.getDigest()
                            + ", which is not in the definition");
                }
                inputs.add(new Edge(input.getDigest(), input.getIndex()));
            }
            OpMetadata metadata = definition.getMetadataOrDefault(entry.getKey(), OpMetadata.getDefaultInstance());
            vertices.put(entry.getKey(), new Vertex(entry.getKey(), entry.getValue(), inputs, metadata));
        }
        Input headInput = terminal.getInputs(0);
        if (!vertices.containsKey(headInput.getDigest())) {
            throw new InvalidDefinitionException("the terminal op points at " + headInput.getDigest()
                    + ", which is not in the definition");
        }
        BuildGraph graph = new BuildGraph(vertices, new Edge(headInput.getDigest(), headInput.getIndex()));
        graph.checkAcyclic();
        return graph;
    }

    public Edge head() {
        return head;
    }

    public Vertex vertex(String digest) {
        Vertex v = vertices.get(digest);
        if (v == null) {
            throw new IllegalArgumentException("no vertex " + digest);
        }
        return v;
    }

    /** Every vertex the head depends on, inputs before the vertices that read them. */
    public List<Vertex> reachableInOrder() {
        List<Vertex> order = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        visit(head.vertex(), seen, order);
        return order;
    }

    private void visit(String digest, Set<String> seen, List<Vertex> order) {
        if (!seen.add(digest)) {
            return;
        }
        Vertex v = vertices.get(digest);
        for (Edge input : v.inputs()) {
            visit(input.vertex(), seen, order);
        }
        order.add(v);
    }

    private void checkAcyclic() {
        Map<String, Integer> state = new HashMap<>();
        Deque<String[]> stack = new ArrayDeque<>();
        for (String start : vertices.keySet()) {
            if (state.containsKey(start)) {
                continue;
            }
            stack.push(new String[] {start, "enter"});
            while (!stack.isEmpty()) {
                String[] frame = stack.pop();
                String digest = frame[0];
                if (frame[1].equals("exit")) {
                    state.put(digest, 2);
                    continue;
                }
                Integer s = state.get(digest);
                if (s != null && s == 2) {
                    continue;
                }
                if (s != null && s == 1) {
                    throw new InvalidDefinitionException("the definition has a cycle through " + digest);
                }
                state.put(digest, 1);
                stack.push(new String[] {digest, "exit"});
                for (Edge input : vertices.get(digest).inputs()) {
                    Integer t = state.get(input.vertex());
                    if (t != null && t == 1) {
                        throw new InvalidDefinitionException("the definition has a cycle through " + input.vertex());
                    }
                    if (t == null) {
                        stack.push(new String[] {input.vertex(), "enter"});
                    }
                }
            }
        }
    }

    static String digestOf(ByteString bytes) {
        MessageDigest sha = Digest.sha256Digester();
        sha.update(bytes.asReadOnlyByteBuffer());
        return Digest.ofSha256(sha).toString();
    }
}
