package org.jbuildkit.dockerfile.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jbuildkit.llb.Platform;

/**
 * A stage's image config in Docker's JSON format (upstream's {@code dockerfile2llb.Image}), edited in place as the
 * stage's instructions are dispatched. Fields of the base config the frontend does not know are kept as they are.
 */
final class ImageConfig {

    static final String HISTORY_COMMENT = "buildkit.dockerfile.v0";
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode root;

    private ImageConfig(ObjectNode root) {
        this.root = root;
        if (!root.has("config") || !root.get("config").isObject()) {
            root.set("config", NODES.objectNode());
        }
    }

    /** A base image's config; its {@code created} is dropped as upstream does. */
    static ImageConfig parse(byte[] json) throws IOException {
        JsonNode n = JSON.readTree(json);
        if (n == null || !n.isObject()) {
            throw new IOException("the image config is not a JSON object");
        }
        ObjectNode o = (ObjectNode) n;
        o.remove("created");
        return new ImageConfig(o);
    }

    /** Upstream's {@code emptyImage}: what {@code FROM scratch} starts from. */
    static ImageConfig empty(Platform p) {
        ObjectNode o = NODES.objectNode();
        o.put("architecture", p.architecture());
        o.put("os", p.os());
        if (!p.variant().isEmpty()) {
            o.put("variant", p.variant());
        }
        ObjectNode rootfs = o.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putNull("diff_ids");
        ImageConfig c = new ImageConfig(o);
        c.config().put("WorkingDir", "/");
        c.setStrings("Env", List.of("PATH=" + DEFAULT_PATH));
        return c;
    }

    ImageConfig copy() {
        return new ImageConfig(root.deepCopy());
    }

    private ObjectNode config() {
        return (ObjectNode) root.get("config");
    }

    String os() {
        return root.path("os").asText("");
    }

    String architecture() {
        return root.path("architecture").asText("");
    }

    String variant() {
        return root.path("variant").asText("");
    }

    void setPlatform(Platform p) {
        root.put("os", p.os());
        root.put("architecture", p.architecture());
        if (p.variant().isEmpty()) {
            root.remove("variant");
        } else {
            root.put("variant", p.variant());
        }
    }

    List<String> env() {
        return strings("Env");
    }

    /** Sets {@code key}, replacing an existing entry in place (upstream's {@code addEnv}). */
    void addEnv(String key, String value) {
        List<String> env = new ArrayList<>(env());
        boolean replaced = false;
        for (int i = 0; i < env.size(); i++) {
            String k = env.get(i).split("=", 2)[0];
            if (k.equals(key)) {
                env.set(i, key + "=" + value);
                replaced = true;
                break;
            }
        }
        if (!replaced) {
            env.add(key + "=" + value);
        }
        setStrings("Env", env);
    }

    String workingDir() {
        return config().path("WorkingDir").asText("");
    }

    void setWorkingDir(String dir) {
        config().put("WorkingDir", dir);
    }

    String user() {
        return config().path("User").asText("");
    }

    void setUser(String user) {
        config().put("User", user);
    }

    List<String> shell() {
        return strings("Shell");
    }

    void setShell(List<String> shell) {
        setStrings("Shell", shell);
    }

    void setCmd(List<String> cmd) {
        setStrings("Cmd", cmd);
    }

    void clearCmd() {
        config().remove("Cmd");
    }

    void setEntrypoint(List<String> ep) {
        setStrings("Entrypoint", ep);
    }

    void setArgsEscaped() {
        config().put("ArgsEscaped", true);
    }

    void putLabel(String k, String v) {
        ObjectNode labels = config().has("Labels") && config().get("Labels").isObject()
                ? (ObjectNode) config().get("Labels") : config().putObject("Labels");
        labels.put(k, v);
    }

    void addExposedPort(String port) {
        objectField("ExposedPorts").set(port, NODES.objectNode());
    }

    void addVolume(String v) {
        objectField("Volumes").set(v, NODES.objectNode());
    }

    void setStopSignal(String s) {
        config().put("StopSignal", s);
    }

    void setHealthcheck(ObjectNode health) {
        config().set("Healthcheck", health);
    }

    List<String> onBuild() {
        return strings("OnBuild");
    }

    void addOnBuild(String trigger) {
        List<String> t = new ArrayList<>(onBuild());
        t.add(trigger);
        setStrings("OnBuild", t);
    }

    void clearOnBuild() {
        config().set("OnBuild", NullNode.getInstance());
    }

    void setAuthor(String a) {
        root.put("author", a);
    }

    /** Appends a history entry as upstream's {@code commitToHistory}; times are the exporter's business. */
    void commitToHistory(String createdBy, boolean withLayer) {
        ArrayNode h = root.has("history") && root.get("history").isArray() ? (ArrayNode) root.get("history")
                : root.putArray("history");
        ObjectNode e = h.addObject();
        e.put("created_by", createdBy);
        e.put("comment", HISTORY_COMMENT);
        if (!withLayer) {
            e.put("empty_layer", true);
        }
    }

    /** Whether the base has no layers at all (upstream then starts from scratch instead of the image). */
    boolean hasNoLayers() {
        JsonNode diffIds = root.path("rootfs").path("diff_ids");
        if (diffIds.isArray() && !diffIds.isEmpty()) {
            return false;
        }
        for (JsonNode h : root.path("history")) {
            if (!h.path("empty_layer").asBoolean(false)) {
                return false;
            }
        }
        return true;
    }

    byte[] toJson() {
        if (!config().has("OnBuild")) {
            config().set("OnBuild", NullNode.getInstance());
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("an image config tree always serializes", e);
        }
    }

    private ObjectNode objectField(String name) {
        return config().has(name) && config().get(name).isObject() ? (ObjectNode) config().get(name)
                : config().putObject(name);
    }

    private List<String> strings(String field) {
        JsonNode n = config().get(field);
        List<String> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            for (Iterator<JsonNode> it = n.elements(); it.hasNext();) {
                out.add(it.next().asText());
            }
        }
        return out;
    }

    private void setStrings(String field, List<String> values) {
        ArrayNode a = config().putArray(field);
        values.forEach(a::add);
    }
}
