package org.jbuildkit.daemon.cache.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jbuildkit.registry.image.Digest;

/**
 * The cache config's JSON, byte for byte as upstream's Go structs marshal it ({@code cache/remotecache/v1/types}):
 * fields in struct order, {@code omitempty} as tagged (so a layer's {@code parent} 0 is left out, and empty lists
 * too), times as Go prints them. Reading accepts what upstream writes (a missing {@code parent} is 0, unknown fields
 * are ignored) and then {@linkplain CacheConfig#validate() validates} every index.
 */
public final class CacheConfigJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CacheConfigJson() {
    }

    /** The config blob's bytes. */
    public static byte[] write(CacheConfig config) {
        GoJson out = new GoJson().beginObject();
        if (!config.layers().isEmpty()) {
            out.name("layers").beginArray();
            config.layers().forEach(l -> layer(out, l));
            out.endArray();
        }
        if (!config.records().isEmpty()) {
            out.name("records");
            records(out, config.records());
        }
        return out.endObject().bytes();
    }

    /**
     * The records alone as a JSON array, as the inline cache stores them (before base64) in an image config's
     * {@code moby.buildkit.cache.v0}; an empty list is {@code null}, as Go prints a nil slice.
     */
    public static byte[] writeRecords(List<CacheConfig.Record> records) {
        GoJson out = new GoJson();
        if (records.isEmpty()) {
            return out.nullValue().bytes();
        }
        records(out, records);
        return out.bytes();
    }

    /** Reads and validates a config blob; {@code what} names it in errors ("cache config sha256:… of R"). */
    public static CacheConfig read(byte[] json, String what) {
        JsonNode root = tree(json, what);
        if (!root.isObject()) {
            throw new CacheFormatException(what + " is not a JSON object");
        }
        List<CacheConfig.Layer> layers = new ArrayList<>();
        JsonNode layerArray = array(root, "layers", what);
        for (int i = 0; i < layerArray.size(); i++) {
            layers.add(readLayer(layerArray.get(i), what + ": layer " + i));
        }
        return new CacheConfig(layers, readRecords(array(root, "records", what), what)).validate();
    }

    /** Reads config records from a JSON array (the inline cache's form); {@code null} is no records. */
    public static List<CacheConfig.Record> readRecords(byte[] json, String what) {
        JsonNode root = tree(json, what);
        if (!root.isNull() && !root.isArray()) {
            throw new CacheFormatException(what + " is not a JSON array of cache records");
        }
        return readRecords(root, what);
    }

    private static void layer(GoJson out, CacheConfig.Layer layer) {
        out.beginObject().name("blob").value(layer.blob().toString());
        if (layer.parent() != 0) {
            out.name("parent").value(layer.parent());
        }
        CacheConfig.LayerAnnotations a = layer.annotations();
        if (a != null) {
            out.name("annotations").beginObject();
            if (a.mediaType() != null && !a.mediaType().isEmpty()) {
                out.name("mediaType").value(a.mediaType());
            }
            if (a.diffId() != null) {
                out.name("diffID").value(a.diffId().toString());
            }
            if (a.size() != 0) {
                out.name("size").value(a.size());
            }
            out.name("createdAt").time(a.createdAt()).endObject();
        }
        out.endObject();
    }

    private static void records(GoJson out, List<CacheConfig.Record> records) {
        out.beginArray();
        for (CacheConfig.Record r : records) {
            out.beginObject();
            if (!r.results().isEmpty()) {
                out.name("layers").beginArray();
                r.results().forEach(res -> out.beginObject().name("layer").value(res.layer())
                        .name("createdAt").time(res.createdAt()).endObject());
                out.endArray();
            }
            if (!r.chains().isEmpty()) {
                out.name("chains").beginArray();
                for (CacheConfig.Chain chain : r.chains()) {
                    out.beginObject().name("layers");
                    intsOrNull(out, chain.layers());
                    out.name("createdAt").time(chain.createdAt()).endObject();
                }
                out.endArray();
            }
            out.name("digest").value(r.digest().toString());
            if (!r.inputs().isEmpty()) {
                out.name("inputs").beginArray();
                for (List<CacheConfig.Input> slot : r.inputs()) {
                    if (slot.isEmpty()) {
                        out.nullValue();
                        continue;
                    }
                    out.beginArray();
                    for (CacheConfig.Input in : slot) {
                        out.beginObject();
                        if (!in.selector().isEmpty()) {
                            out.name("selector").value(in.selector());
                        }
                        out.name("link").value(in.link()).endObject();
                    }
                    out.endArray();
                }
                out.endArray();
            }
            out.endObject();
        }
        out.endArray();
    }

    private static void intsOrNull(GoJson out, List<Integer> values) {
        if (values.isEmpty()) {
            out.nullValue();
            return;
        }
        out.beginArray();
        values.forEach(out::value);
        out.endArray();
    }

    private static List<CacheConfig.Record> readRecords(JsonNode array, String what) {
        List<CacheConfig.Record> records = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            records.add(readRecord(array.get(i), what + ": record " + i));
        }
        return records;
    }

    private static CacheConfig.Layer readLayer(JsonNode node, String what) {
        object(node, what);
        Digest blob = digest(node.get("blob"), what + " blob");
        int parent = integer(node.get("parent"), 0, what + " parent");
        JsonNode a = node.get("annotations");
        CacheConfig.LayerAnnotations annotations = null;
        if (a != null && !a.isNull()) {
            object(a, what + " annotations");
            String mediaType = text(a.get("mediaType"), what + " annotations mediaType");
            JsonNode diffId = a.get("diffID");
            annotations = new CacheConfig.LayerAnnotations(mediaType.isEmpty() ? null : mediaType,
                    diffId == null || diffId.isNull() || diffId.asText().isEmpty() ? null
                            : digest(diffId, what + " annotations diffID"),
                    longValue(a.get("size"), what + " annotations size"), time(a.get("createdAt"),
                            what + " annotations createdAt"));
        }
        return new CacheConfig.Layer(blob, parent, annotations);
    }

    private static CacheConfig.Record readRecord(JsonNode node, String what) {
        object(node, what);
        Digest digest = digest(node.get("digest"), what + " digest");
        List<CacheConfig.Result> results = new ArrayList<>();
        JsonNode resultArray = array(node, "layers", what);
        for (int j = 0; j < resultArray.size(); j++) {
            JsonNode r = object(resultArray.get(j), what + " result " + j);
            results.add(new CacheConfig.Result(integer(r.get("layer"), 0, what + " result " + j + " layer"),
                    time(r.get("createdAt"), what + " result " + j + " createdAt")));
        }
        List<CacheConfig.Chain> chains = new ArrayList<>();
        JsonNode chainArray = array(node, "chains", what);
        for (int j = 0; j < chainArray.size(); j++) {
            String where = what + " chain " + j;
            JsonNode c = object(chainArray.get(j), where);
            JsonNode indexes = array(c, "layers", where);
            List<Integer> layers = new ArrayList<>();
            for (int k = 0; k < indexes.size(); k++) {
                layers.add(integer(indexes.get(k), 0, where + " layer " + k));
            }
            chains.add(new CacheConfig.Chain(layers, time(c.get("createdAt"), where + " createdAt")));
        }
        List<List<CacheConfig.Input>> inputs = new ArrayList<>();
        JsonNode slots = array(node, "inputs", what);
        for (int slot = 0; slot < slots.size(); slot++) {
            String where = what + " input " + slot;
            JsonNode links = slots.get(slot);
            if (!links.isNull() && !links.isArray()) {
                throw new CacheFormatException(where + " is not an array of links");
            }
            List<CacheConfig.Input> alternatives = new ArrayList<>();
            for (int k = 0; k < links.size(); k++) {
                JsonNode link = object(links.get(k), where + " link " + k);
                alternatives.add(new CacheConfig.Input(text(link.get("selector"), where + " link " + k + " selector"),
                        integer(link.get("link"), 0, where + " link " + k + " link")));
            }
            inputs.add(alternatives);
        }
        return new CacheConfig.Record(digest, results, chains, inputs);
    }

    private static JsonNode tree(byte[] json, String what) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || root.isMissingNode()) {
                throw new CacheFormatException(what + " is empty, not JSON");
            }
            return root;
        } catch (IOException e) {
            throw new CacheFormatException(what + " is not valid JSON: " + e.getMessage().lines().findFirst()
                    .orElse(""), e);
        }
    }

    private static JsonNode object(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new CacheFormatException(what + " is not a JSON object");
        }
        return node;
    }

    /** A field Go reads into a slice: missing or null is empty; anything but an array is an error. */
    private static JsonNode array(JsonNode parent, String field, String what) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return JSON.createArrayNode();
        }
        if (!node.isArray()) {
            throw new CacheFormatException(what + " \"" + field + "\" is not an array");
        }
        return node;
    }

    private static int integer(JsonNode node, int absent, String what) {
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new CacheFormatException(what + " is not an integer: " + node);
        }
        return node.intValue();
    }

    private static long longValue(JsonNode node, String what) {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new CacheFormatException(what + " is not an integer: " + node);
        }
        return node.longValue();
    }

    private static String text(JsonNode node, String what) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            throw new CacheFormatException(what + " is not a string: " + node);
        }
        return node.textValue();
    }

    private static Digest digest(JsonNode node, String what) {
        String value = text(node, what);
        if (value.isEmpty()) {
            throw new CacheFormatException(what + " is missing");
        }
        try {
            return Digest.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CacheFormatException(what + " is not a digest: " + e.getMessage());
        }
    }

    private static Instant time(JsonNode node, String what) {
        String value = text(node, what);
        return value.isEmpty() ? null : GoJson.parseTime(value, what);
    }
}
