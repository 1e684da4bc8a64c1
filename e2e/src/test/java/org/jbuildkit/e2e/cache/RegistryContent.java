package org.jbuildkit.e2e.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.jbuildkit.e2e.fixtures.RegistryFixture;

/**
 * What a registry holds, read over the distribution API as any client would: manifests (with their digest), blobs,
 * an image's config and the files in its layers. Used to check what the cache and image exporters pushed.
 */
final class RegistryContent {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String CACHE_CONFIG = "application/vnd.buildkit.cacheconfig.v0";
    private static final String ACCEPT = String.join(", ", OCI_MANIFEST, OCI_INDEX,
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryFixture registry;

    RegistryContent(RegistryFixture registry) {
        this.registry = registry;
    }

    /** A manifest as pushed: its media type (Content-Type), digest (Docker-Content-Digest) and parsed body. */
    record Manifest(String mediaType, String digest, JsonNode json) {
        List<JsonNode> layers() {
            List<JsonNode> layers = new ArrayList<>();
            json.path("layers").forEach(layers::add);
            return layers;
        }

        List<JsonNode> children() {
            List<JsonNode> children = new ArrayList<>();
            json.path("manifests").forEach(children::add);
            return children;
        }

        long totalLayerSize() {
            return layers().stream().mapToLong(l -> l.path("size").asLong()).sum();
        }
    }

    /** {@code GET /v2/REPO/manifests/REFERENCE}; empty on 404. */
    Optional<Manifest> manifest(String repository, String reference) {
        HttpResponse<byte[]> response = get("/v2/" + repository + "/manifests/" + reference, ACCEPT);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        check(response, repository + ":" + reference);
        JsonNode json = json(response.body());
        String mediaType = json.path("mediaType").asText("").isEmpty()
                ? response.headers().firstValue("Content-Type").orElse("")
                : json.path("mediaType").asText();
        String digest = response.headers().firstValue("Docker-Content-Digest").orElse("");
        return Optional.of(new Manifest(mediaType, digest, json));
    }

    /** The manifest, or an assertion error naming what is missing. */
    Manifest requireManifest(String repository, String reference) {
        return manifest(repository, reference).orElseThrow(() -> new AssertionError("the registry has no manifest "
                + repository + ":" + reference + "\nregistry log:\n" + registry.logTail()));
    }

    byte[] blob(String repository, String digest) {
        HttpResponse<byte[]> response = get("/v2/" + repository + "/blobs/" + digest, "*/*");
        check(response, repository + "@" + digest);
        return response.body();
    }

    JsonNode jsonBlob(String repository, String digest) {
        return json(blob(repository, digest));
    }

    /** The config blob of an image manifest. */
    JsonNode config(String repository, Manifest manifest) {
        return jsonBlob(repository, manifest.json().path("config").path("digest").asText());
    }

    /** A regular file's content from the topmost layer of the image that has it (gzip or uncompressed layers). */
    Optional<String> file(String repository, Manifest image, String path) {
        String wanted = path.replaceFirst("^/", "");
        List<JsonNode> layers = image.layers();
        for (int i = layers.size() - 1; i >= 0; i--) {
            JsonNode layer = layers.get(i);
            Optional<String> found = fileInLayer(blob(repository, layer.path("digest").asText()),
                    layer.path("mediaType").asText(), wanted);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> fileInLayer(byte[] blob, String mediaType, String wanted) {
        try (InputStream raw = new BufferedInputStream(new java.io.ByteArrayInputStream(blob));
                InputStream plain = mediaType.endsWith("gzip") ? new GzipCompressorInputStream(raw) : raw;
                TarArchiveInputStream tar = new TarArchiveInputStream(plain)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isFile() && entry.getName().replaceFirst("^\\./", "").equals(wanted)) {
                    return Optional.of(new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a " + mediaType + " layer", e);
        }
    }

    private HttpResponse<byte[]> get(String path, String accept) {
        URI uri = registry.url().resolve(path);
        try {
            return registry.httpClient().send(HttpRequest.newBuilder(uri).header("Accept", accept).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + uri, e);
        }
    }

    private void check(HttpResponse<byte[]> response, String what) {
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + response.uri() + " (" + what + ") answered " + response.statusCode()
                    + " " + new String(response.body(), StandardCharsets.UTF_8) + "\nregistry log:\n"
                    + registry.logTail());
        }
    }

    static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + new String(bytes, StandardCharsets.UTF_8), e);
        }
    }
}
