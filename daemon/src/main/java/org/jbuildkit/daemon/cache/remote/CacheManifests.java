package org.jbuildkit.daemon.cache.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.MediaTypes;

/**
 * The manifest that names a remote cache, as upstream's {@code cache/remotecache} writes and reads it: an OCI image
 * manifest whose {@code config} is the cache config ({@code image-manifest=true}), or an OCI index / Docker
 * manifest list whose entries are the layers and then the cache config. Bytes are what Go marshals, so digests match
 * upstream's for the same content.
 */
public final class CacheManifests {
    /** The cache config blob's media type. */
    public static final String CACHE_CONFIG_MEDIA_TYPE = MediaTypes.BUILDKIT_CACHE_CONFIG;
    /** Layer descriptor annotation: the layer's diffID (uncompressed digest). */
    public static final String UNCOMPRESSED = "containerd.io/uncompressed";
    /** Layer descriptor annotation: when the layer was made (RFC 3339). */
    public static final String CREATED_AT = "buildkit/createdat";
    /** Layer descriptor annotation from an inline cache import: the history line that made the layer. */
    public static final String DESCRIPTION = "buildkit/description";

    /** The largest manifest or config blob upstream's importer reads (1 MiB); a larger one is refused, as there. */
    public static final long MAX_READ_BYTES = 1 << 20;

    static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> TO_DOCKER = Map.of(
            MediaTypes.OCI_LAYER, DOCKER_LAYER,
            MediaTypes.OCI_LAYER_GZIP, MediaTypes.DOCKER_LAYER_GZIP,
            MediaTypes.OCI_LAYER_ZSTD, MediaTypes.DOCKER_LAYER_ZSTD,
            MediaTypes.OCI_LAYER_NONDISTRIBUTABLE, "application/vnd.docker.image.rootfs.foreign.diff.tar",
            MediaTypes.OCI_LAYER_NONDISTRIBUTABLE_GZIP, MediaTypes.DOCKER_LAYER_FOREIGN_GZIP);
    private static final Map<String, String> TO_OCI = Map.of(
            DOCKER_LAYER, MediaTypes.OCI_LAYER,
            MediaTypes.DOCKER_LAYER_GZIP, MediaTypes.OCI_LAYER_GZIP,
            MediaTypes.DOCKER_LAYER_ZSTD, MediaTypes.OCI_LAYER_ZSTD,
            "application/vnd.docker.image.rootfs.foreign.diff.tar", MediaTypes.OCI_LAYER_NONDISTRIBUTABLE,
            MediaTypes.DOCKER_LAYER_FOREIGN_GZIP, MediaTypes.OCI_LAYER_NONDISTRIBUTABLE_GZIP);

    private CacheManifests() {
    }

    /** The manifest's media type for the chosen form, or an error for image-manifest without OCI media types. */
    public static String manifestMediaType(boolean ociMediaTypes, boolean imageManifest) {
        if (imageManifest) {
            if (!ociMediaTypes) {
                throw new IllegalArgumentException("image-manifest=true needs OCI media types: drop"
                        + " oci-mediatypes=false, or set image-manifest=false for a Docker manifest list");
            }
            return MediaTypes.OCI_MANIFEST;
        }
        return ociMediaTypes ? MediaTypes.OCI_INDEX : MediaTypes.DOCKER_MANIFEST_LIST;
    }

    /**
     * Builds the config blob and the manifest for a cache. Every layer needs annotations (media type, size, and
     * the diffID when known): they become the layer descriptors. The config blob is written without them, as
     * upstream's registry and local caches write it.
     *
     * @throws IllegalArgumentException when the config has no layers (upstream skips such an export) or a layer has
     *         no annotations
     */
    public static BuiltCacheManifest build(CacheConfig config, boolean ociMediaTypes, boolean imageManifest) {
        String mediaType = manifestMediaType(ociMediaTypes, imageManifest);
        if (config.layers().isEmpty()) {
            throw new IllegalArgumentException("the cache has no layers: there is nothing to export (upstream skips"
                    + " such an export)");
        }
        List<Descriptor> layers = layerDescriptors(config, ociMediaTypes);
        byte[] configBlob = CacheConfigJson.write(config.withoutLayerAnnotations());
        Descriptor configDescriptor = Descriptor.of(CACHE_CONFIG_MEDIA_TYPE, Digest.sha256(configBlob),
                configBlob.length);
        GoJson out = new GoJson().beginObject().name("schemaVersion").value(2).name("mediaType").value(mediaType);
        if (imageManifest) {
            out.name("config");
            descriptor(out, configDescriptor);
            out.name("layers").beginArray();
            layers.forEach(l -> descriptor(out, l));
            out.endArray();
        } else {
            out.name("manifests").beginArray();
            layers.forEach(l -> descriptor(out, l));
            descriptor(out, configDescriptor);
            out.endArray();
        }
        return new BuiltCacheManifest(mediaType, out.endObject().bytes(), configDescriptor, configBlob, layers);
    }

    /**
     * One descriptor per config layer, in config order, its media type in the chosen family, annotated with
     * {@value #UNCOMPRESSED} and {@value #CREATED_AT} when the layer's annotations know them.
     */
    public static List<Descriptor> layerDescriptors(CacheConfig config, boolean ociMediaTypes) {
        List<Descriptor> descriptors = new ArrayList<>();
        for (int i = 0; i < config.layers().size(); i++) {
            CacheConfig.Layer layer = config.layers().get(i);
            CacheConfig.LayerAnnotations a = layer.annotations();
            if (a == null || a.mediaType() == null || a.mediaType().isEmpty()) {
                throw new IllegalArgumentException("cache layer " + i + " (" + layer.blob() + ") has no media type"
                        + " annotation: the manifest cannot describe it");
            }
            Map<String, String> annotations = new LinkedHashMap<>();
            if (a.diffId() != null) {
                annotations.put(UNCOMPRESSED, a.diffId().toString());
            }
            if (a.createdAt() != null) {
                annotations.put(CREATED_AT, GoJson.formatTime(a.createdAt()));
            }
            descriptors.add(Descriptor.of(layerMediaType(a.mediaType(), ociMediaTypes), layer.blob(), a.size())
                    .withAnnotations(annotations));
        }
        return descriptors;
    }

    /** A layer media type in the OCI or Docker family (its compression kept), as upstream converts them. */
    public static String layerMediaType(String mediaType, boolean oci) {
        String converted = (oci ? TO_OCI : TO_DOCKER).get(mediaType);
        return converted != null ? converted : mediaType;
    }

    /**
     * Reads a manifest found at a cache ref: a cache in either form (also a Docker manifest list or Docker
     * manifest with a cache config), or an image or image index, which may carry inline cache.
     *
     * @param mediaType the media type the registry or descriptor gave, or null/empty to go by the body
     */
    public static ParsedManifest parse(byte[] body, String mediaType) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new CacheFormatException("cache manifest is not valid JSON: " + e.getMessage().lines().findFirst()
                    .orElse(""), e);
        }
        if (root == null || !root.isObject()) {
            throw new CacheFormatException("cache manifest is not a JSON object");
        }
        String type = detect(root, mediaType);
        if (MediaTypes.isIndex(type)) {
            List<Descriptor> layers = new ArrayList<>();
            Descriptor config = null;
            for (Descriptor d : descriptors(root.get("manifests"), "manifests")) {
                if (CACHE_CONFIG_MEDIA_TYPE.equals(d.mediaType())) {
                    config = d;
                } else {
                    layers.add(d);
                }
            }
            return config == null ? new ParsedManifest.ImageIndex(type, layers)
                    : new ParsedManifest.CacheManifest(type, config, layers);
        }
        List<Descriptor> configs = descriptors(JSON.createArrayNode().add(root.path("config")), "config");
        List<Descriptor> layers = descriptors(root.get("layers"), "layers");
        Descriptor config = configs.get(0);
        return CACHE_CONFIG_MEDIA_TYPE.equals(config.mediaType())
                ? new ParsedManifest.CacheManifest(type, config, layers)
                : new ParsedManifest.ImageManifest(type, config, layers);
    }

    /**
     * Refuses a manifest or config blob larger than {@link #MAX_READ_BYTES} before it is downloaded, as upstream's
     * importer does.
     *
     * @param what names it in the error ("cache config of 127.0.0.1:5000/app:cache")
     */
    public static void checkReadable(Descriptor blob, String what) {
        if (blob.size() > MAX_READ_BYTES) {
            throw new CacheFormatException(what + " (" + blob.digest() + ") is " + blob.size() + " bytes, more than"
                    + " the " + MAX_READ_BYTES + " a BuildKit cache importer reads; export it again with mode=min or"
                    + " from a smaller build");
        }
    }

    /**
     * The config with each layer's annotations filled from the manifest's descriptor for its blob (media type,
     * size, {@value #UNCOMPRESSED}, {@value #CREATED_AT}). Layers whose blob the manifest does not list keep the
     * annotations the config gave them (none, for upstream's registry cache): their results cannot be imported.
     */
    public static CacheConfig annotate(CacheConfig config, List<Descriptor> layers) {
        Map<Digest, Descriptor> byDigest = new HashMap<>();
        layers.forEach(d -> byDigest.putIfAbsent(d.digest(), d));
        List<CacheConfig.Layer> annotated = new ArrayList<>();
        for (int i = 0; i < config.layers().size(); i++) {
            CacheConfig.Layer layer = config.layers().get(i);
            Descriptor d = byDigest.get(layer.blob());
            annotated.add(d == null ? layer : layer.withAnnotations(annotations(d, layer.annotations(),
                    "cache layer " + i)));
        }
        return new CacheConfig(annotated, config.records());
    }

    static CacheConfig.LayerAnnotations annotations(Descriptor d, CacheConfig.LayerAnnotations fallback,
            String what) {
        String diffText = d.annotations().get(UNCOMPRESSED);
        Digest diffId = fallback != null ? fallback.diffId() : null;
        if (diffText != null) {
            try {
                diffId = Digest.parse(diffText);
            } catch (IllegalArgumentException e) {
                throw new CacheFormatException(what + " (" + d.digest() + ") has an invalid " + UNCOMPRESSED
                        + " annotation: " + e.getMessage());
            }
        }
        String createdText = d.annotations().get(CREATED_AT);
        Instant createdAt = createdText != null ? GoJson.parseTime(createdText, what + " " + CREATED_AT)
                : fallback != null ? fallback.createdAt() : null;
        return new CacheConfig.LayerAnnotations(d.mediaType(), diffId, d.size(), createdAt);
    }

    private static String detect(JsonNode root, String given) {
        String declared = root.path("mediaType").asText("");
        String type = !declared.isEmpty() ? declared : given == null ? "" : given.strip();
        if (type.isEmpty()) {
            type = root.has("manifests") ? MediaTypes.OCI_INDEX : root.has("config") ? MediaTypes.OCI_MANIFEST : "";
        }
        if (!MediaTypes.isIndex(type) && !MediaTypes.isManifest(type)) {
            throw new CacheFormatException("the manifest's media type " + (type.isEmpty() ? "(none)" : type)
                    + " is not an image manifest or index, so it is not a BuildKit cache; a cache is "
                    + MediaTypes.OCI_MANIFEST + ", " + MediaTypes.OCI_INDEX + " or " + MediaTypes.DOCKER_MANIFEST_LIST);
        }
        if (MediaTypes.isIndex(type) && root.has("config") || MediaTypes.isManifest(type) && root.has("manifests")) {
            throw new CacheFormatException("the manifest says it is " + type + " but has "
                    + (root.has("config") ? "a config" : "manifests") + ", which that type has not");
        }
        return type;
    }

    private static List<Descriptor> descriptors(JsonNode array, String field) {
        List<Descriptor> out = new ArrayList<>();
        if (array == null || array.isNull()) {
            return out;
        }
        if (!array.isArray()) {
            throw new CacheFormatException("cache manifest field \"" + field + "\" is not an array");
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode node = array.get(i);
            String where = "cache manifest " + field + (field.equals("config") ? "" : " entry " + i);
            if (!node.isObject()) {
                throw new CacheFormatException(where + " is " + (node.isMissingNode() ? "missing" : "not an object"));
            }
            try {
                Map<String, String> annotations = new LinkedHashMap<>();
                node.path("annotations").fields().forEachRemaining(e -> annotations.put(e.getKey(),
                        e.getValue().asText()));
                JsonNode size = node.path("size");
                if (!size.isIntegralNumber() || size.longValue() < 0) {
                    throw new CacheFormatException(where + " has no valid size: " + size);
                }
                out.add(Descriptor.of(node.path("mediaType").asText(""), Digest.parse(node.path("digest").asText("")),
                        size.longValue()).withAnnotations(annotations));
            } catch (IllegalArgumentException e) {
                throw new CacheFormatException(where + " is not a valid descriptor: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static void descriptor(GoJson out, Descriptor d) {
        out.beginObject().name("mediaType").value(d.mediaType()).name("digest").value(d.digest().toString())
                .name("size").value(d.size());
        if (!d.urls().isEmpty()) {
            out.name("urls").beginArray();
            d.urls().forEach(out::value);
            out.endArray();
        }
        if (!d.annotations().isEmpty()) {
            out.name("annotations").stringMap(d.annotations());
        }
        out.endObject();
    }
}
