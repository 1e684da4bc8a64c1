package org.jbuildkit.daemon.cache.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;

/**
 * The inline cache (upstream's {@code cache/remotecache/inline} and the inline branch of {@code import.go}): the
 * cache records, limited to the image's own layers, stored in the image config under {@value #CONFIG_KEY} as a
 * base64 JSON string (Go's {@code []byte}). The layers are implicit: layer {@code i} of the image manifest, parent
 * {@code i - 1}; their annotations come from the manifest, {@code rootfs.diff_ids} and {@code history}.
 */
public final class InlineCache {
    /** The image config key. */
    public static final String CONFIG_KEY = "moby.buildkit.cache.v0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private InlineCache() {
    }

    /**
     * The value to store under {@value #CONFIG_KEY}: the records as upstream marshals them, base64. Their result
     * layer indexes must already be the image's layer indexes.
     */
    public static String encode(List<CacheConfig.Record> records) {
        return Base64.getEncoder().encodeToString(CacheConfigJson.writeRecords(records));
    }

    /**
     * The records of a build's cache that an image can carry inline: limited to the image's layers and with layer
     * indexes into them, as upstream's inline exporter makes them. Pass the result to {@link #encode(List)} or
     * {@link CacheConfigJson#writeRecords(List)}.
     *
     * @param config the build's cache (layer annotations carry the diffIDs used to match recompressed layers)
     * @param imageLayers the image manifest's layer descriptors, in order
     */
    public static List<CacheConfig.Record> recordsForImage(CacheConfig config, List<Descriptor> imageLayers) {
        return InlineCacheRecords.forImage(config.validate(), imageLayers);
    }

    /**
     * The cache an image carries inline, or empty when its config has no {@value #CONFIG_KEY}.
     *
     * @param manifestLayers the image manifest's layer descriptors, in order
     * @param imageConfig the image config blob
     * @param what names the image in errors
     * @return the config (one layer per image layer, fully annotated) and the layer descriptors annotated as upstream's
     *         import annotates them ({@value CacheManifests#UNCOMPRESSED}, {@value CacheManifests#CREATED_AT},
     *         {@value CacheManifests#DESCRIPTION})
     */
    public static Optional<InlineCacheConfig> decode(List<Descriptor> manifestLayers, byte[] imageConfig,
            String what) {
        JsonNode config;
        try {
            config = JSON.readTree(imageConfig);
        } catch (IOException e) {
            throw new CacheFormatException("image config of " + what + " is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (config == null || !config.isObject()) {
            throw new CacheFormatException("image config of " + what + " is not a JSON object");
        }
        JsonNode cache = config.get(CONFIG_KEY);
        if (cache == null || cache.isNull()) {
            return Optional.empty();
        }
        if (!cache.isTextual()) {
            throw new CacheFormatException(CONFIG_KEY + " in the image config of " + what + " is not a base64"
                    + " string");
        }
        byte[] recordsJson;
        try {
            recordsJson = Base64.getDecoder().decode(cache.textValue());
        } catch (IllegalArgumentException e) {
            throw new CacheFormatException(CONFIG_KEY + " in the image config of " + what + " is not valid base64: "
                    + e.getMessage());
        }
        List<Digest> diffIds = diffIds(config, what);
        if (diffIds.size() != manifestLayers.size()) {
            throw new CacheFormatException("image " + what + " has " + manifestLayers.size() + " layers but its"
                    + " config lists " + diffIds.size() + " rootfs.diff_ids; its inline cache cannot be used");
        }
        List<CacheConfig.Record> records = CacheConfigJson.readRecords(recordsJson, "inline cache of " + what);
        List<String> created = new ArrayList<>();
        List<String> createdBy = new ArrayList<>();
        for (JsonNode h : config.path("history")) {
            if (!h.path("empty_layer").asBoolean(false)) {
                created.add(h.path("created").asText(""));
                createdBy.add(h.path("created_by").asText(""));
            }
        }
        List<Descriptor> layers = new ArrayList<>();
        List<CacheConfig.Layer> configLayers = new ArrayList<>();
        for (int i = 0; i < manifestLayers.size(); i++) {
            Descriptor m = manifestLayers.get(i);
            Map<String, String> annotations = new LinkedHashMap<>(m.annotations());
            Instant createdAt = null;
            if (i < created.size() && !created.get(i).isEmpty()) {
                createdAt = GoJson.parseTime(created.get(i), "history created time of layer " + i + " of " + what);
                annotations.put(CacheManifests.CREATED_AT, GoJson.formatTime(createdAt));
            }
            if (i < createdBy.size() && !createdBy.get(i).isEmpty()) {
                annotations.put(CacheManifests.DESCRIPTION, createdBy.get(i));
            }
            annotations.put(CacheManifests.UNCOMPRESSED, diffIds.get(i).toString());
            layers.add(m.withAnnotations(annotations));
            configLayers.add(new CacheConfig.Layer(m.digest(), i - 1,
                    new CacheConfig.LayerAnnotations(m.mediaType(), diffIds.get(i), m.size(), createdAt)));
        }
        CacheConfig parsed = new CacheConfig(configLayers, records);
        try {
            parsed.validate();
        } catch (CacheFormatException e) {
            throw new CacheFormatException("inline cache of " + what + ": " + e.getMessage(), e);
        }
        return Optional.of(new InlineCacheConfig(parsed, layers));
    }

    private static List<Digest> diffIds(JsonNode config, String what) {
        List<Digest> out = new ArrayList<>();
        JsonNode ids = config.path("rootfs").path("diff_ids");
        for (int i = 0; i < ids.size(); i++) {
            try {
                out.add(Digest.parse(ids.get(i).asText("")));
            } catch (IllegalArgumentException e) {
                throw new CacheFormatException("rootfs.diff_ids[" + i + "] in the image config of " + what
                        + " is not a digest: " + e.getMessage());
            }
        }
        return out;
    }

    /** An inline cache as read: the config and the image's layer descriptors, annotated. */
    public record InlineCacheConfig(CacheConfig config, List<Descriptor> layers) {
        public InlineCacheConfig {
            layers = List.copyOf(layers);
        }
    }
}
