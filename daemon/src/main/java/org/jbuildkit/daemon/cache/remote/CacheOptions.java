package org.jbuildkit.daemon.cache.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jbuildkit.daemon.exporter.ExporterException;
import org.jbuildkit.daemon.exporter.image.GoBool;
import org.jbuildkit.daemon.exporter.image.LayerCompression;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.reference.ImageReference;

/**
 * A build's {@code SolveRequest.Cache}, parsed once before the build: the cache exports and imports as typed values,
 * with upstream's defaults (v0.21+: {@code mode=min}, {@code image-manifest=true}, {@code oci-mediatypes=true},
 * gzip) and its folding of the pre-v0.4 fields. Unlike upstream, which skips what it does not know, an unknown type,
 * attribute or value is an error naming what is accepted.
 */
public record CacheOptions(List<CacheExport> exports, List<CacheImport> imports) {
    static final String REF = "ref";
    static final String MODE = "mode";
    static final String IGNORE_ERROR = "ignore-error";
    static final String INSECURE = "registry.insecure";
    static final String OCI_MEDIATYPES = "oci-mediatypes";
    static final String IMAGE_MANIFEST = "image-manifest";
    static final String COMPRESSION = "compression";
    static final String COMPRESSION_LEVEL = "compression-level";
    static final String FORCE_COMPRESSION = "force-compression";
    static final String DEST = "dest";
    static final String SRC = "src";
    static final String TAG = "tag";
    static final String DIGEST = "digest";
    /** Read by upstream's client only (it clears the layout before the export); accepted and left alone here. */
    static final String RESET = "reset";

    private static final Set<String> FORMAT = Set.of(MODE, IGNORE_ERROR, OCI_MEDIATYPES, IMAGE_MANIFEST, COMPRESSION,
            COMPRESSION_LEVEL, FORCE_COMPRESSION);
    private static final String PUSH = "push";
    private static final Set<String> UPSTREAM_ONLY = Set.of("gha", "s3", "azblob");
    private static final String AVAILABLE_EXPORTS = "registry, local and inline";
    private static final String AVAILABLE_IMPORTS = "registry and local";
    private static final ObjectMapper JSON = new ObjectMapper();

    public CacheOptions {
        exports = List.copyOf(exports);
        imports = List.copyOf(imports);
    }

    /** No cache exports or imports. */
    public static CacheOptions none() {
        return new CacheOptions(List.of(), List.of());
    }

    /**
     * Parses the request's cache options, folding the deprecated single-registry fields (1-3) into exports and
     * imports as upstream's daemon does. Several {@code inline} exports are one; two exports to the same ref, or two
     * identical exports, are an error.
     */
    public static CacheOptions parse(org.jbuildkit.api.control.CacheOptions request) throws CacheOptionsException {
        List<CacheExport> exports = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<org.jbuildkit.api.control.CacheOptionsEntry> exportEntries = new ArrayList<>(request.getExportsList());
        if (!request.getExportRefDeprecated().isEmpty()) {
            Map<String, String> attrs = new LinkedHashMap<>(request.getExportAttrsDeprecatedMap());
            attrs.put(REF, request.getExportRefDeprecated());
            exportEntries.add(org.jbuildkit.api.control.CacheOptionsEntry.newBuilder().setType("registry")
                    .putAllAttrs(attrs).build());
        }
        boolean inline = false;
        for (org.jbuildkit.api.control.CacheOptionsEntry entry : exportEntries) {
            if (entry.getType().equals("inline") && inline) {
                continue;
            }
            inline |= entry.getType().equals("inline");
            String key = entry.getType().equals("registry") && !entry.getAttrsOrDefault(REF, "").isEmpty()
                    ? "registry ref " + entry.getAttrsOrThrow(REF)
                    : entry.getType() + " " + new TreeMap<>(entry.getAttrsMap());
            if (seen.putIfAbsent(key, exports.size()) != null) {
                throw new CacheOptionsException("duplicate cache exports: two --export-cache entries for the same "
                        + key + "; keep one");
            }
            exports.add(parseExport(entry.getType(), entry.getAttrsMap()));
        }
        List<CacheImport> imports = new ArrayList<>();
        for (org.jbuildkit.api.control.CacheOptionsEntry entry : request.getImportsList()) {
            imports.add(parseImport(entry.getType(), entry.getAttrsMap()));
        }
        for (String ref : request.getImportRefsDeprecatedList()) {
            imports.add(parseImport("registry", Map.of(REF, ref)));
        }
        return new CacheOptions(exports, imports);
    }

    /**
     * The imports a frontend is handed in its {@code cache-imports} attribute: upstream's client sends the same
     * entries as JSON, {@code [{"Type":"registry","Attrs":{"ref":"…"}}]}.
     */
    public static List<CacheImport> parseFrontendImports(String json) throws CacheOptionsException {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new CacheOptionsException("frontend attribute cache-imports is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!root.isArray()) {
            throw new CacheOptionsException("frontend attribute cache-imports is not a JSON array of"
                    + " {\"Type\":…,\"Attrs\":{…}} entries");
        }
        List<CacheImport> imports = new ArrayList<>();
        for (JsonNode entry : root) {
            Map<String, String> attrs = new LinkedHashMap<>();
            entry.path("Attrs").fields().forEachRemaining(e -> attrs.put(e.getKey(), e.getValue().asText()));
            imports.add(parseImport(entry.path("Type").asText(""), attrs));
        }
        return imports;
    }

    /** One export entry. */
    public static CacheExport parseExport(String type, Map<String, String> attrs) throws CacheOptionsException {
        switch (type) {
            case "registry" -> {
                // push=true is in the seed's line (users copy it from the image output); a registry cache is always
                // pushed, so it is accepted as a boolean and changes nothing, as upstream ignores it.
                accept("export", type, attrs, union(FORMAT, Set.of(REF, INSECURE, PUSH)));
                bool(attrs, PUSH, true);
                ImageReference ref = ref("export", attrs);
                if (ref.digest() != null && ref.tag() == null) {
                    throw new CacheOptionsException("registry cache export ref=" + attrs.get(REF) + " names a digest;"
                            + " a cache is pushed under a tag, e.g. ref=" + ref.name() + ":cache");
                }
                Format format = format(attrs);
                return new RegistryCacheExport(ref, format.mode, bool(attrs, INSECURE, false), format.compression,
                        format.oci, format.imageManifest, format.ignoreError);
            }
            case "local" -> {
                accept("export", type, attrs, union(FORMAT, Set.of(DEST, TAG, RESET)));
                String dest = required("export", type, attrs, DEST, "a directory on the client, e.g. dest=./cache");
                bool(attrs, RESET, false);
                Format format = format(attrs);
                return new LocalCacheExport(dest, attrs.getOrDefault(TAG, ImageReference.DEFAULT_TAG), format.mode,
                        format.compression, format.oci, format.imageManifest, format.ignoreError);
            }
            case "inline" -> {
                accept("export", type, attrs, Set.of(MODE, IGNORE_ERROR));
                return new InlineCacheExport(mode(attrs), bool(attrs, IGNORE_ERROR, false));
            }
            default -> throw unknownType("export", type, AVAILABLE_EXPORTS);
        }
    }

    /** One import entry. */
    public static CacheImport parseImport(String type, Map<String, String> attrs) throws CacheOptionsException {
        switch (type) {
            case "registry" -> {
                accept("import", type, attrs, Set.of(REF, INSECURE));
                return new RegistryCacheImport(ref("import", attrs), bool(attrs, INSECURE, false));
            }
            case "local" -> {
                accept("import", type, attrs, Set.of(SRC, TAG, DIGEST));
                String src = required("import", type, attrs, SRC, "a directory on the client, e.g. src=./cache");
                Digest digest = null;
                String digestText = attrs.getOrDefault(DIGEST, "");
                if (!digestText.isEmpty()) {
                    try {
                        digest = Digest.parse(digestText);
                    } catch (IllegalArgumentException e) {
                        throw new CacheOptionsException("local cache import digest=" + digestText + " is not a"
                                + " digest: " + e.getMessage());
                    }
                }
                return new LocalCacheImport(src, attrs.getOrDefault(TAG, ImageReference.DEFAULT_TAG), digest);
            }
            case "inline" -> throw new CacheOptionsException("there is no inline cache importer: an image's inline"
                    + " cache is imported with --import-cache type=registry,ref=<image>");
            default -> throw unknownType("import", type, AVAILABLE_IMPORTS);
        }
    }

    private record Format(CacheExportMode mode, boolean ignoreError, LayerCompression compression, boolean oci,
            boolean imageManifest) {
    }

    private static Format format(Map<String, String> attrs) throws CacheOptionsException {
        boolean oci = bool(attrs, OCI_MEDIATYPES, true);
        boolean imageManifest = bool(attrs, IMAGE_MANIFEST, oci);
        if (imageManifest && !oci) {
            throw new CacheOptionsException("image-manifest=true needs OCI media types, but oci-mediatypes=false was"
                    + " given; drop oci-mediatypes=false, or set image-manifest=false for a Docker manifest list");
        }
        LayerCompression compression;
        try {
            compression = LayerCompression.parse(attrs.get(COMPRESSION), attrs.get(COMPRESSION_LEVEL),
                    attrs.get(FORCE_COMPRESSION));
        } catch (ExporterException e) {
            throw new CacheOptionsException("cache export: " + e.getMessage());
        }
        return new Format(mode(attrs), bool(attrs, IGNORE_ERROR, false), compression, oci, imageManifest);
    }

    private static CacheExportMode mode(Map<String, String> attrs) throws CacheOptionsException {
        String mode = attrs.getOrDefault(MODE, "");
        return switch (mode) {
            case "", "min" -> CacheExportMode.MIN;
            case "max" -> CacheExportMode.MAX;
            default -> throw new CacheOptionsException("mode=" + mode + " is not a cache export mode; use mode=min"
                    + " (the final result's steps) or mode=max (every step)");
        };
    }

    private static boolean bool(Map<String, String> attrs, String key, boolean absent) throws CacheOptionsException {
        String value = attrs.get(key);
        if (value == null || value.isEmpty()) {
            return absent;
        }
        Boolean parsed = GoBool.parse(value);
        if (parsed == null) {
            throw new CacheOptionsException("non-bool value for " + key + ": \"" + value + "\"; use " + key
                    + "=true or " + key + "=false");
        }
        return parsed;
    }

    private static ImageReference ref(String direction, Map<String, String> attrs) throws CacheOptionsException {
        String text = required(direction, "registry", attrs, REF,
                "the image reference of the cache, e.g. ref=registry.example/app:cache");
        try {
            ImageReference ref = ImageReference.parse(text);
            return ref.tag() == null && ref.digest() == null ? ref.withTag(ImageReference.DEFAULT_TAG) : ref;
        } catch (IllegalArgumentException e) {
            throw new CacheOptionsException("registry cache " + direction + " ref=" + text + " is not a valid image"
                    + " reference: " + e.getMessage());
        }
    }

    private static String required(String direction, String type, Map<String, String> attrs, String key,
            String what) throws CacheOptionsException {
        String value = attrs.getOrDefault(key, "");
        if (value.isEmpty()) {
            throw new CacheOptionsException(type + " cache " + direction + " needs " + key + "=: " + what);
        }
        return value;
    }

    private static void accept(String direction, String type, Map<String, String> attrs, Set<String> accepted)
            throws CacheOptionsException {
        for (String key : new TreeSet<>(attrs.keySet())) {
            if (!accepted.contains(key)) {
                String hint = key.equals("name") && accepted.contains(REF) ? " (a registry cache is named with ref=)"
                        : key.equals(SRC) && accepted.contains(DEST) ? " (an export writes to dest=; src= is for"
                        + " --import-cache)"
                        : key.equals(DEST) && accepted.contains(SRC) ? " (an import reads from src=; dest= is for"
                        + " --export-cache)"
                        : key.equals(INSECURE.substring("registry.".length())) && accepted.contains(INSECURE)
                        ? " (did you mean " + INSECURE + "?)" : "";
                throw new CacheOptionsException(type + " cache " + direction + " has no attribute \"" + key + "\""
                        + hint + "; it takes " + String.join(", ", new TreeSet<>(accepted)));
            }
        }
    }

    private static CacheOptionsException unknownType(String direction, String type, String available) {
        if (type.isEmpty()) {
            return new CacheOptionsException("a cache " + direction + " has no type; give type=" + available
                    .replace(" and ", " or type=").replace(", ", ", type="));
        }
        String why = UPSTREAM_ONLY.contains(type) ? "cache type " + type + " is not available in this daemon"
                : "unknown cache " + direction + " type \"" + type + "\"";
        return new CacheOptionsException(why + "; the cache " + direction + "ers here are " + available);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(Objects.requireNonNull(b));
        return out;
    }
}
