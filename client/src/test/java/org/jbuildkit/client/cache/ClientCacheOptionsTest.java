package org.jbuildkit.client.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jbuildkit.api.control.CacheOptionsEntry;
import org.jbuildkit.api.control.SolveRequest;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.MediaTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientCacheOptionsTest {
    @TempDir
    Path tmp;

    private final List<String> warnings = new ArrayList<>();

    @Test
    void entriesGoToTheRequestAndImportsAlsoToCacheImportsJson() {
        ClientCacheOptions options = ClientCacheOptions.of(
                List.of(new CacheEntry("registry", Map.of("ref", "h:5000/app:cache", "mode", "max"))),
                List.of(new CacheEntry("registry", Map.of("ref", "h:5000/app:cache")), new CacheEntry("inline",
                        Map.of())), warnings::add);
        SolveRequest.Builder request = SolveRequest.newBuilder();

        options.addTo(request);

        assertThat(request.getCache().getExportsList()).containsExactly(CacheOptionsEntry.newBuilder()
                .setType("registry").putAttrs("ref", "h:5000/app:cache").putAttrs("mode", "max").build());
        assertThat(request.getCache().getImportsCount()).isEqualTo(2);
        assertThat(request.getFrontendAttrsMap()).containsEntry("cache-imports",
                "[{\"Type\":\"registry\",\"Attrs\":{\"ref\":\"h:5000/app:cache\"}},{\"Type\":\"inline\"}]");
        assertThat(options.stores()).isEmpty();
    }

    @Test
    void noImportsNoCacheImportsAttribute() {
        SolveRequest.Builder request = SolveRequest.newBuilder();
        ClientCacheOptions.of(List.of(), List.of(), warnings::add).addTo(request);
        assertThat(request.hasCache()).isTrue();
        assertThat(request.getFrontendAttrsMap()).doesNotContainKey("cache-imports");
    }

    @Test
    void cacheImportsJsonEscapesAsGoDoes() {
        assertThat(ClientCacheOptions.cacheImportsJson(List.of(new CacheEntry("registry",
                Map.of("ref", "a<b>&c", "b", "\"q\""))))).isEqualTo(
                "[{\"Type\":\"registry\",\"Attrs\":{\"b\":\"\\\"q\\\"\",\"ref\":\"a\\u003cb\\u003e\\u0026c\"}}]");
    }

    @Test
    void registryWithoutRefIsAnError() {
        assertThatThrownBy(() -> ClientCacheOptions.of(List.of(new CacheEntry("registry", Map.of("mode", "min"))),
                List.of(), warnings::add)).hasMessageContaining("registry cache exporter requires ref");
        assertThatThrownBy(() -> ClientCacheOptions.of(List.of(), List.of(new CacheEntry("registry", Map.of())),
                warnings::add)).hasMessageContaining("registry cache importer requires ref");
    }

    @Test
    void localExportCreatesItsDirectoryAndServesItAsLocalStore() {
        Path dest = tmp.resolve("a/b/cache");
        ClientCacheOptions options = ClientCacheOptions.of(List.of(new CacheEntry("local",
                Map.of("dest", dest.toString(), "mode", "max"))), List.of(), warnings::add);
        assertThat(dest).isDirectory();
        assertThat(options.stores()).containsEntry("local:" + dest, dest);
        assertThatThrownBy(() -> ClientCacheOptions.of(List.of(new CacheEntry("local", Map.of("mode", "min"))),
                List.of(), warnings::add)).hasMessageContaining("local cache exporter requires dest");
        assertThatThrownBy(() -> ClientCacheOptions.of(List.of(new CacheEntry("local",
                Map.of("dest", dest.toString(), "reset", "maybe"))), List.of(), warnings::add))
                .hasMessageContaining("failed to parse reset attribute");
    }

    @Test
    void localImportResolvesItsTagToTheDigest() throws Exception {
        Path src = tmp.resolve("cache");
        Descriptor manifest = blob(src, "{\"schemaVersion\":2}");
        new LayoutIndex(src).put(manifest, "v1");
        ClientCacheOptions options = ClientCacheOptions.of(List.of(), List.of(new CacheEntry("local",
                Map.of("src", src.toString(), "tag", "v1"))), warnings::add);
        assertThat(options.imports()).containsExactly(new CacheEntry("local", Map.of("src", src.toString(),
                "tag", "v1", "digest", manifest.digest().toString())));
        assertThat(options.stores()).containsEntry("local:" + src, src);
        assertThat(warnings).isEmpty();
    }

    @Test
    void localImportWithAnExplicitDigestKeepsIt() throws Exception {
        Path src = tmp.resolve("cache");
        Descriptor manifest = blob(src, "{}");
        CacheEntry entry = new CacheEntry("local", Map.of("src", src.toString(), "digest",
                manifest.digest().toString()));
        assertThat(ClientCacheOptions.of(List.of(), List.of(entry), warnings::add).imports()).containsExactly(entry);
    }

    @Test
    void localImportWithNoCacheThereIsSkippedWithAWarningNamingTheDirectory() throws Exception {
        Path missing = tmp.resolve("nothing-here");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Path tagged = tmp.resolve("tagged");
        new LayoutIndex(tagged).put(blob(tagged, "{}"), "latest");
        ClientCacheOptions options = ClientCacheOptions.of(List.of(), List.of(
                new CacheEntry("local", Map.of("src", missing.toString())),
                new CacheEntry("local", Map.of("src", file.toString())),
                new CacheEntry("local", Map.of("src", empty.toString())),
                new CacheEntry("local", Map.of("src", tagged.toString(), "tag", "other")),
                new CacheEntry("local", Map.of("src", tagged.toString(), "digest", "sha256:" + "0".repeat(64)))),
                warnings::add);

        assertThat(options.imports()).isEmpty();
        assertThat(options.stores()).isEmpty();
        assertThat(warnings).containsExactly(
                "local cache import at " + missing + " skipped: no such directory (a first build exports there with"
                        + " --export-cache type=local,dest=" + missing + ")",
                "local cache import at " + file + " skipped: not a directory",
                "local cache import at " + empty + " skipped: cannot read " + empty.resolve("index.json")
                        + ": no such file",
                "local cache import at " + tagged + " skipped: no digest found for tag other",
                "local cache import at " + tagged + " skipped: digest sha256:" + "0".repeat(64) + " unavailable: no blob"
                        + " for it under " + tagged.resolve("blobs"));
        assertThatThrownBy(() -> ClientCacheOptions.of(List.of(), List.of(new CacheEntry("local", Map.of())),
                warnings::add)).hasMessageContaining("local cache importer requires src");
    }

    @Test
    void afterTheSolveEachLocalExportIsTaggedWithTheReportedManifest() throws Exception {
        Path one = tmp.resolve("one");
        Path two = tmp.resolve("two");
        ClientCacheOptions options = ClientCacheOptions.of(List.of(
                new CacheEntry("local", Map.of("dest", one.toString())),
                new CacheEntry("local", Map.of("dest", two.toString(), "tag", "v2"))), List.of(), warnings::add);
        Digest digest = Digest.sha256("m".getBytes(StandardCharsets.UTF_8));

        options.afterSolve(Map.of("cache.manifest", "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\""
                + digest + "\",\"size\":1}"), warnings::add);

        assertThat(new LayoutIndex(one).get("latest")).map(Descriptor::digest).contains(digest);
        assertThat(new LayoutIndex(two).get("v2")).map(Descriptor::digest).contains(digest);
        assertThat(new LayoutIndex(two).get("latest")).isEmpty();
    }

    private static Descriptor blob(Path layout, String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(bytes);
        Path file = layout.resolve("blobs/sha256/" + digest.hex());
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return Descriptor.of(MediaTypes.OCI_MANIFEST, digest, bytes.length);
    }
}
