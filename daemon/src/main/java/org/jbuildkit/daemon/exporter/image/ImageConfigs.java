package org.jbuildkit.daemon.exporter.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jbuildkit.daemon.exporter.ExporterException;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.Platform;

/**
 * The image config an export writes, as upstream's image writer patches it: the frontend's
 * {@code containerimage.config} (or, for a build from raw LLB, a minimal one for the worker's platform), with
 * {@code rootfs.diff_ids} set to the exported layers and the history normalized so that its non-empty entries
 * match the layers one to one (entries beyond the layers become empty, missing ones are added), every entry
 * given a {@code created} time, and everything clamped to {@code SOURCE_DATE_EPOCH} when given.
 */
final class ImageConfigs {
    static final String HISTORY_COMMENT = "buildkit.exporter.image.v0";
    /** Where upstream keeps the inline cache in an image config. */
    static final String INLINE_CACHE_KEY = "moby.buildkit.cache.v0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageConfigs() {
    }

    /**
     * The config's JSON bytes.
     *
     * @param frontendConfig the frontend's config JSON, or null for a build from raw LLB
     * @param diffIds the diff IDs of the exported layers, base first
     * @param now the time new layers were made, for history entries that have none; a config without history and
     *     without {@code created} stays without it, as upstream's
     * @param epochSeconds {@code SOURCE_DATE_EPOCH}, or null
     */
    static byte[] config(byte[] frontendConfig, Platform platform, List<Digest> diffIds, Instant now,
            Long epochSeconds) throws ExporterException {
        ObjectNode config = frontendConfig == null ? minimal(platform) : parse(frontendConfig);
        for (String field : List.of("os", "architecture")) {
            if (config.path(field).asText("").isEmpty()) {
                throw new ExporterException("invalid image config for export: missing " + field + " (the frontend's"
                        + " containerimage.config must name the image's platform); this is a bug in the frontend");
            }
        }
        Instant epoch = epochSeconds == null ? null : Instant.ofEpochSecond(epochSeconds);
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        diffIds.forEach(d -> ids.add(d.toString()));
        List<ObjectNode> history = normalizeHistory(entries(config), diffIds.size(), now);
        if (epoch != null) {
            for (ObjectNode entry : history) {
                Instant created = time(entry.get("created"));
                if (created == null || created.isAfter(epoch)) {
                    entry.put("created", format(epoch));
                }
            }
        }
        if (!history.isEmpty() || config.has("history")) {
            ArrayNode array = config.putArray("history");
            history.forEach(array::add);
        }
        Instant created = time(config.get("created"));
        if (created == null && !history.isEmpty()) {
            created = time(history.get(history.size() - 1).get("created"));
        }
        if (epoch != null && (created == null || created.isAfter(epoch))) {
            created = epoch;
        }
        if (created != null) {
            config.put("created", format(created));
        }
        try {
            return JSON.writeValueAsBytes(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the image config: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The config with the build's inline cache under {@code moby.buildkit.cache.v0}, as upstream's image writer
     * stores it: the cache config JSON as a base64 string (Go's encoding of a {@code []byte}).
     */
    static byte[] withInlineCache(byte[] config, byte[] inlineCache) throws ExporterException {
        ObjectNode node = parse(config);
        node.put(INLINE_CACHE_KEY, java.util.Base64.getEncoder().encodeToString(inlineCache));
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the image config: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Upstream's {@code normalizeLayersAndHistory}: as many non-empty entries as layers; then every entry without
     * {@code created} takes the time of the first new layer, or of the entry before it.
     */
    static List<ObjectNode> normalizeHistory(List<ObjectNode> history, int layers, Instant now) {
        List<ObjectNode> result = new ArrayList<>();
        int nonEmpty = 0;
        for (ObjectNode entry : history) {
            ObjectNode copy = entry.deepCopy();
            boolean empty = copy.path("empty_layer").asBoolean(false);
            if (!empty && nonEmpty >= layers) {
                copy.put("empty_layer", true);
                empty = true;
            }
            if (!empty) {
                nonEmpty++;
            }
            result.add(copy);
        }
        for (int i = nonEmpty; i < layers; i++) {
            ObjectNode added = JSON.createObjectNode();
            added.put("created", format(now));
            added.put("created_by", "created by buildkit");
            added.put("comment", HISTORY_COMMENT);
            result.add(added);
        }
        for (ObjectNode entry : result) {
            if (!entry.path("empty_layer").asBoolean(false) && time(entry.get("created")) == null) {
                entry.put("created", format(now));
            }
        }
        String created = null;
        boolean missing = false;
        for (ObjectNode entry : result) {
            if (time(entry.get("created")) != null) {
                created = entry.get("created").asText();
                if (missing) {
                    break;
                }
            } else {
                missing = true;
            }
        }
        missing = false;
        for (ObjectNode entry : result) {
            if (time(entry.get("created")) != null) {
                if (missing) {
                    created = entry.get("created").asText();
                }
            } else {
                missing = true;
                if (created != null) {
                    entry.put("created", created);
                } else {
                    entry.remove("created");
                }
            }
        }
        return result;
    }

    /** Upstream's {@code emptyImageConfig}: the platform, an empty layer list, PATH and working directory. */
    static ObjectNode minimal(Platform platform) {
        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", platform.architecture());
        config.put("os", platform.os());
        if (platform.variant() != null && !platform.variant().isEmpty()) {
            config.put("variant", platform.variant());
        }
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids");
        ObjectNode inner = config.putObject("config");
        inner.putArray("Env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        inner.put("WorkingDir", "/");
        return config;
    }

    /** Go's RFC 3339 with nanoseconds, trailing zeros dropped. */
    static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static ObjectNode parse(byte[] json) throws ExporterException {
        try {
            JsonNode node = JSON.readTree(json);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            throw new ExporterException("the frontend's image config (containerimage.config) is not valid JSON: "
                    + e.getMessage() + "; this is a bug in the frontend");
        }
        throw new ExporterException("the frontend's image config (containerimage.config) is not a JSON object;"
                + " this is a bug in the frontend");
    }

    private static List<ObjectNode> entries(ObjectNode config) {
        List<ObjectNode> entries = new ArrayList<>();
        if (config.get("history") instanceof ArrayNode array) {
            array.forEach(e -> {
                if (e instanceof ObjectNode object) {
                    entries.add(object);
                }
            });
        }
        return entries;
    }

    private static Instant time(JsonNode value) {
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
