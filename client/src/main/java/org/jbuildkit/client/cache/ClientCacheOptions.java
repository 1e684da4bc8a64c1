package org.jbuildkit.client.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jbuildkit.api.control.CacheOptions;
import org.jbuildkit.api.control.SolveRequest;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.ImageJson;
import org.jbuildkit.session.Session;
import org.jbuildkit.session.content.ContentStoreService;
import org.jbuildkit.session.content.LayoutContentStore;

/**
 * A build's cache exports and imports on the client (upstream's {@code parseCacheOptions} in client/solve.go):
 * the entries sent in {@code SolveRequest.Cache} (imports also as the {@code cache-imports} frontend attribute), and
 * for {@code type=local} the OCI layout directories the daemon reaches through the session as content stores
 * {@code local:<dir>}. A local import's tag is resolved to {@code digest=} here, from the directory's
 * {@code index.json}; an import with no cache there yet is skipped with a warning. After the solve, each local
 * export's {@code index.json} is tagged with the cache manifest the daemon reports ({@code cache.manifest}).
 */
public final class ClientCacheOptions {
    /** The content store ID prefix of a local cache directory, as upstream. */
    public static final String STORE_PREFIX = "local:";
    /** The exporter response key naming the exported cache manifest (JSON descriptor), as upstream. */
    public static final String MANIFEST_RESPONSE_KEY = "cache.manifest";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<CacheEntry> exports;
    private final List<CacheEntry> imports;
    private final Map<String, Path> stores;
    private final Map<Path, String> storesToUpdate;
    private final List<Path> storesToReset;

    private ClientCacheOptions(List<CacheEntry> exports, List<CacheEntry> imports, Map<String, Path> stores,
            Map<Path, String> storesToUpdate, List<Path> storesToReset) {
        this.exports = List.copyOf(exports);
        this.imports = List.copyOf(imports);
        this.stores = Map.copyOf(stores);
        this.storesToUpdate = Map.copyOf(storesToUpdate);
        this.storesToReset = List.copyOf(storesToReset);
    }

    /** Parses the flags and prepares the local directories; warnings (deprecations, skipped imports) go to err. */
    public static ClientCacheOptions prepare(List<String> exportFlags, List<String> importFlags,
            Map<String, String> env, PrintWriter err) {
        Consumer<String> warnings = w -> err.println("WARNING: " + w);
        CacheFlags flags = new CacheFlags(env, warnings);
        return of(flags.exports(exportFlags), flags.imports(importFlags), warnings);
    }

    static ClientCacheOptions of(List<CacheEntry> exportEntries, List<CacheEntry> importEntries,
            Consumer<String> warnings) {
        Map<String, Path> stores = new LinkedHashMap<>();
        Map<Path, String> storesToUpdate = new LinkedHashMap<>();
        List<Path> storesToReset = new ArrayList<>();
        List<CacheEntry> exports = new ArrayList<>();
        for (CacheEntry ex : exportEntries) {
            if (ex.type().equals("local")) {
                String dest = ex.attrs().getOrDefault("dest", "");
                if (dest.isEmpty()) {
                    throw new IllegalArgumentException("local cache exporter requires dest: --export-cache"
                            + " type=local,dest=DIR");
                }
                Path dir = Path.of(dest);
                try {
                    Files.createDirectories(dir);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create the local cache directory " + dest + " (dest=): "
                            + e.getMessage(), e);
                }
                stores.put(STORE_PREFIX + dest, dir);
                storesToUpdate.put(dir, ex.attrs().getOrDefault("tag", "latest"));
                if (ex.attrs().containsKey("reset") && goBool(ex.attrs().get("reset"), "reset")) {
                    storesToReset.add(dir);
                }
            }
            if (ex.type().equals("registry") && ex.attrs().getOrDefault("ref", "").isEmpty()) {
                throw new IllegalArgumentException("registry cache exporter requires ref: --export-cache"
                        + " type=registry,ref=HOST/REPO:TAG" + unknownKeys(ex, REGISTRY_EXPORT_KEYS));
            }
            exports.add(ex);
        }
        List<CacheEntry> imports = new ArrayList<>();
        for (CacheEntry im : importEntries) {
            if (im.type().equals("local")) {
                Optional<CacheEntry> resolved = resolveLocal(im, warnings);
                if (resolved.isEmpty()) {
                    continue;
                }
                im = resolved.get();
                String src = im.attrs().get("src");
                stores.put(STORE_PREFIX + src, Path.of(src));
            }
            if (im.type().equals("registry") && im.attrs().getOrDefault("ref", "").isEmpty()) {
                throw new IllegalArgumentException("registry cache importer requires ref: --import-cache"
                        + " type=registry,ref=HOST/REPO:TAG" + unknownKeys(im, REGISTRY_IMPORT_KEYS));
            }
            imports.add(im);
        }
        return new ClientCacheOptions(exports, imports, stores, storesToUpdate, storesToReset);
    }

    /** A local import with {@code digest=} set, or empty (with a warning) when the directory has no such cache. */
    private static Optional<CacheEntry> resolveLocal(CacheEntry im, Consumer<String> warnings) {
        String src = im.attrs().getOrDefault("src", "");
        if (src.isEmpty()) {
            throw new IllegalArgumentException("local cache importer requires src: --import-cache type=local,src=DIR");
        }
        Path dir = Path.of(src);
        if (!Files.isDirectory(dir)) {
            warnings.accept("local cache import at " + src + " skipped: " + (Files.exists(dir) ? "not a directory"
                    : "no such directory (a first build exports there with --export-cache type=local,dest=" + src
                    + ")"));
            return Optional.empty();
        }
        String digest = im.attrs().getOrDefault("digest", "");
        if (digest.isEmpty()) {
            String tag = im.attrs().getOrDefault("tag", "latest");
            if (tag.isEmpty()) {
                throw new IllegalArgumentException("local cache importer requires either explicit digest, \"latest\""
                        + " tag or custom tag on index.json: drop tag= or give tag=NAME or digest=sha256:…");
            }
            LayoutIndex index = new LayoutIndex(dir);
            Optional<Descriptor> tagged;
            try {
                tagged = index.get(tag);
            } catch (IOException | IllegalArgumentException e) {
                warnings.accept("local cache import at " + src + " skipped: cannot read " + index.file() + ": "
                        + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
                return Optional.empty();
            }
            if (tagged.isEmpty()) {
                warnings.accept("local cache import at " + src + " skipped: no digest found for tag " + tag);
                return Optional.empty();
            }
            digest = tagged.get().digest().toString();
            im = im.with("digest", digest);
        }
        if (!hasBlob(dir, digest)) {
            warnings.accept("local cache import at " + src + " skipped: digest " + digest + " unavailable: no blob "
                    + "for it under " + dir.resolve("blobs"));
            return Optional.empty();
        }
        return Optional.of(im);
    }

    /** Go's strconv.ParseBool, failing as upstream does for anything else. */
    private static boolean goBool(String value, String key) {
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new IllegalArgumentException("failed to parse " + key + " attribute: " + value
                    + " is not a boolean; use " + key + "=true or " + key + "=false");
        };
    }

    private static boolean hasBlob(Path dir, String digest) {
        try {
            Digest d = Digest.parse(digest);
            return Files.isRegularFile(dir.resolve("blobs").resolve(d.algorithm()).resolve(d.hex()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public List<CacheEntry> exports() {
        return exports;
    }

    public List<CacheEntry> imports() {
        return imports;
    }

    /** The local cache directories to serve through the session, by content store ID ({@code local:<dir>}). */
    public Map<String, Path> stores() {
        return stores;
    }

    /**
     * Serves the local cache directories on the session as content stores {@code local:<dir>}, as upstream's client
     * does; unfinished writes are dropped when the session ends.
     */
    public void attachTo(Session session) {
        if (stores.isEmpty()) {
            return;
        }
        Map<String, LayoutContentStore> served = new LinkedHashMap<>();
        stores.forEach((id, dir) -> served.put(id, new LayoutContentStore(dir)));
        ContentStoreService service = new ContentStoreService(served);
        session.allow(service.definition());
        session.done().whenComplete((v, e) -> service.close());
    }

    /**
     * Sets {@code Cache} on the request and, when there are imports, the {@code cache-imports} frontend attribute
     * (their JSON, as upstream's buildctl sends it), replacing one given with {@code --opt}.
     */
    public void addTo(SolveRequest.Builder request) {
        CacheOptions.Builder cache = CacheOptions.newBuilder();
        exports.forEach(e -> cache.addExports(e.toProto()));
        imports.forEach(i -> cache.addImports(i.toProto()));
        request.setCache(cache);
        if (!imports.isEmpty()) {
            request.putFrontendAttrs("cache-imports", cacheImportsJson(imports));
        }
    }

    /**
     * Tags each local export's {@code index.json} with the cache manifest the daemon reported, then empties those
     * with {@code reset=true} of blobs no tag reaches, as upstream (a failed reset is a warning).
     */
    public void afterSolve(Map<String, String> exporterResponse, Consumer<String> warnings) throws IOException {
        String manifest = exporterResponse.get(MANIFEST_RESPONSE_KEY);
        if (manifest != null && !manifest.isEmpty() && !storesToUpdate.isEmpty()) {
            Descriptor descriptor = ImageJson.read(manifest.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    Descriptor.class, "the daemon's " + MANIFEST_RESPONSE_KEY);
            for (Map.Entry<Path, String> store : storesToUpdate.entrySet()) {
                new LayoutIndex(store.getKey()).put(descriptor, store.getValue());
            }
        }
        for (Path dir : storesToReset) {
            try {
                LayoutReset.reset(dir);
            } catch (IOException | RuntimeException e) {
                warnings.accept("failed to reset cache store " + dir + ": " + e.getMessage());
            }
        }
    }

    /** As {@link #afterSolve(Map, Consumer)}, warnings to {@code err}. */
    public void afterSolve(Map<String, String> exporterResponse, PrintWriter err) throws IOException {
        afterSolve(exporterResponse, w -> err.println("WARNING: " + w));
    }

    /** Go's json.Marshal of upstream's []*CacheOptionsEntry: {"Type":…,"Attrs":{sorted}}, Attrs omitted when empty. */
    static String cacheImportsJson(List<CacheEntry> entries) {
        ArrayNode array = JSON.createArrayNode();
        for (CacheEntry e : entries) {
            ObjectNode node = array.addObject();
            if (!e.type().isEmpty()) {
                node.put("Type", e.type());
            }
            if (!e.attrs().isEmpty()) {
                ObjectNode attrs = node.putObject("Attrs");
                e.attrs().forEach(attrs::put);
            }
        }
        try {
            return goHtmlEscape(JSON.writeValueAsString(array));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write cache-imports JSON", e);
        }
    }

    /** Go's encoder escapes these inside strings; they only occur inside strings here. */
    private static String goHtmlEscape(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    private static final List<String> REGISTRY_EXPORT_KEYS = List.of("ref", "mode", "image-manifest", "oci-mediatypes",
            "push", "compression", "compression-level", "force-compression", "registry.insecure", "ignore-error");
    private static final List<String> REGISTRY_IMPORT_KEYS = List.of("ref", "registry.insecure");

    /** When ref is missing, the attributes given instead ({@code name=} where {@code ref=} was meant), and the keys. */
    private static String unknownKeys(CacheEntry entry, List<String> accepted) {
        List<String> unknown = entry.attrs().keySet().stream().filter(k -> !accepted.contains(k)).sorted()
                .map(k -> "\"" + k + "\"").toList();
        return unknown.isEmpty() ? "" : "; " + String.join(", ", unknown) + (unknown.size() == 1 ? " is not an"
                + " attribute" : " are not attributes") + " of a registry cache (accepted: " + String.join(", ",
                accepted) + ")";
    }
}
