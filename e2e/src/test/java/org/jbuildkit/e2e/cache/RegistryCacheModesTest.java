package org.jbuildkit.e2e.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.e2e.cache.CacheBuilds.BIG_FILE_BYTES;
import static org.jbuildkit.e2e.cache.CacheBuilds.dockerfile;
import static org.jbuildkit.e2e.cache.CacheBuilds.notCached;
import static org.jbuildkit.e2e.cache.CacheBuilds.read;
import static org.jbuildkit.e2e.cache.CacheBuilds.stepsNamed;
import static org.jbuildkit.e2e.cache.RegistryContent.CACHE_CONFIG;
import static org.jbuildkit.e2e.cache.RegistryContent.OCI_INDEX;
import static org.jbuildkit.e2e.cache.RegistryContent.OCI_MANIFEST;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jbuildkit.e2e.cache.RegistryContent.Manifest;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code mode=min} and {@code mode=max} put in the registry, read back over the distribution API: both an OCI
 * image manifest (the default {@code image-manifest=true}) whose config is the BuildKit cache config, min with only
 * the final image's layers, max with the builder stage's too; {@code image-manifest=false} an OCI index with the
 * cache config last ({@code oci-mediatypes=false}: a Docker manifest list with Docker layer types);
 * {@code compression=zstd} writes the build's new layers as zstd. A fresh daemon importing the min or the zstd cache
 * has the steps CACHED.
 */
class RegistryCacheModesTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    private final RegistryContent content = new RegistryContent(REGISTRY);

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    private CommandResult buildExporting(Path project, String tag, String... cacheAttrs) {
        String export = "type=registry,ref=" + REGISTRY.host() + "/cache:" + tag + ",registry.insecure=true"
                + (cacheAttrs.length == 0 ? "" : "," + String.join(",", cacheAttrs));
        CommandResult result = dockerfile(DAEMON.unixAddress(), project,
                "--output", "type=image,name=" + REGISTRY.host() + "/app:" + tag + ",push=true,registry.insecure=true",
                "--export-cache", export);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    private static List<String> diffIds(List<JsonNode> layers) {
        List<String> diffIds = new ArrayList<>();
        layers.forEach(l -> diffIds.add(l.path("annotations").path("containerd.io/uncompressed").asText()));
        return diffIds;
    }

    private List<String> imageDiffIds(String tag) {
        Manifest image = content.requireManifest("app", tag);
        List<String> diffIds = new ArrayList<>();
        content.config("app", image).path("rootfs").path("diff_ids").forEach(d -> diffIds.add(d.asText()));
        return diffIds;
    }

    private void assertIsCacheImageManifest(Manifest cache) {
        assertThat(cache.mediaType()).isEqualTo(OCI_MANIFEST);
        assertThat(cache.json().path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(cache.json().path("config").path("mediaType").asText()).isEqualTo(CACHE_CONFIG);
        JsonNode config = content.jsonBlob("cache", cache.json().path("config").path("digest").asText());
        assertThat(config.path("layers").isArray()).as("cache config %s", config).isTrue();
        assertThat(config.path("records")).as("cache config %s", config).isNotEmpty();
        List<String> blobs = cache.layers().stream().map(l -> l.path("digest").asText()).toList();
        assertThat(config.path("layers")).allSatisfy(l -> assertThat(blobs).contains(l.path("blob").asText()));
        assertThat(diffIds(cache.layers())).as("containerd.io/uncompressed on every layer").allMatch(
                d -> d.startsWith("sha256:"));
    }

    @Test
    void minHasTheFinalImagesLayersAndMaxAlsoTheBuilderStages(@TempDir Path tmp) {
        Path project = CacheBuilds.multiStage(tmp.resolve("project"), REGISTRY.host(), "modes");
        buildExporting(project, "min", "mode=min");
        buildExporting(project, "max", "mode=max");

        Manifest min = content.requireManifest("cache", "min");
        Manifest max = content.requireManifest("cache", "max");
        assertIsCacheImageManifest(min);
        assertIsCacheImageManifest(max);

        List<String> finalLayers = imageDiffIds("min");
        assertThat(imageDiffIds("max")).isEqualTo(finalLayers);
        assertThat(diffIds(min.layers())).containsExactlyInAnyOrderElementsOf(finalLayers);
        assertThat(min.layers()).allSatisfy(l -> assertThat(l.path("size").asLong()).isLessThan(BIG_FILE_BYTES));
        assertThat(diffIds(max.layers())).containsAll(finalLayers).hasSizeGreaterThanOrEqualTo(
                finalLayers.size() + 2);
        assertThat(max.layers()).anySatisfy(l -> assertThat(l.path("size").asLong()).isGreaterThan(BIG_FILE_BYTES));
    }

    @Test
    void imageManifestFalseGivesAnOciIndexWithTheCacheConfigLast(@TempDir Path tmp) {
        Path project = CacheBuilds.multiStage(tmp.resolve("project"), REGISTRY.host(), "index");
        buildExporting(project, "index", "mode=max", "image-manifest=false");

        Manifest index = content.requireManifest("cache", "index");
        assertThat(index.mediaType()).isEqualTo(OCI_INDEX);
        List<JsonNode> children = index.children();
        assertThat(children).hasSizeGreaterThanOrEqualTo(2);
        JsonNode last = children.get(children.size() - 1);
        assertThat(last.path("mediaType").asText()).isEqualTo(CACHE_CONFIG);
        JsonNode config = content.jsonBlob("cache", last.path("digest").asText());
        assertThat(config.path("records")).isNotEmpty();
        assertThat(children.subList(0, children.size() - 1)).allSatisfy(layer -> assertThat(
                layer.path("mediaType").asText()).startsWith("application/vnd.oci.image.layer.v1.tar"));
    }

    @Test
    void ociMediatypesFalseWithImageManifestFalseGivesADockerManifestList(@TempDir Path tmp) {
        Path project = CacheBuilds.multiStage(tmp.resolve("project"), REGISTRY.host(), "docker-list");
        buildExporting(project, "docker-list", "mode=max", "image-manifest=false", "oci-mediatypes=false");

        Manifest list = content.requireManifest("cache", "docker-list");
        assertThat(list.mediaType()).isEqualTo("application/vnd.docker.distribution.manifest.list.v2+json");
        List<JsonNode> children = list.children();
        assertThat(children.get(children.size() - 1).path("mediaType").asText()).isEqualTo(CACHE_CONFIG);
        assertThat(children.subList(0, children.size() - 1)).isNotEmpty().allSatisfy(layer -> assertThat(
                layer.path("mediaType").asText()).isEqualTo("application/vnd.docker.image.rootfs.diff.tar.gzip"));
    }

    @Test
    void zstdCompressionWritesTheBuildsNewLayersAsZstdAndAFreshDaemonImportsThem(@TempDir Path tmp) {
        Path project = CacheBuilds.multiStage(tmp.resolve("project"), REGISTRY.host(), "zstd-compressed");
        Path first = tmp.resolve("first");
        CommandResult exported = dockerfile(DAEMON.unixAddress(), project, "--output", "type=local,dest=" + first,
                "--export-cache", "type=registry,ref=" + REGISTRY.host() + "/cache:zstd,mode=max,compression=zstd,"
                        + "registry.insecure=true");
        assertThat(exported.exitCode()).as(exported.toString()).isZero();

        Manifest cache = content.requireManifest("cache", "zstd");
        assertThat(cache.layers()).extracting(l -> l.path("mediaType").asText())
                .contains("application/vnd.oci.image.layer.v1.tar+zstd");

        try (DaemonFixture fresh = DaemonFixture.unixSocket().start()) {
            Path out = tmp.resolve("out");
            CommandResult result = dockerfile(fresh.unixAddress(), project, "--output", "type=local,dest=" + out,
                    "--import-cache", "type=registry,ref=" + REGISTRY.host() + "/cache:zstd,registry.insecure=true");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(notCached(result)).as("steps that ran\n%s", result.stderr()).isEmpty();
            assertThat(read(out.resolve("final"))).isEqualTo(read(first.resolve("final")));
        }
    }

    @Test
    void aFreshDaemonImportingMinCacheHasTheFinalStagesStepsCached(@TempDir Path tmp) {
        Path project = CacheBuilds.multiStage(tmp.resolve("project"), REGISTRY.host(), "min-import");
        buildExporting(project, "min-import", "mode=min");
        Manifest image = content.requireManifest("app", "min-import");
        String finalFile = content.file("app", image, "final").orElseThrow();

        try (DaemonFixture fresh = DaemonFixture.unixSocket().start()) {
            Path out = tmp.resolve("out");
            CommandResult result = dockerfile(fresh.unixAddress(), project, "--output", "type=local,dest=" + out,
                    "--import-cache", "type=registry,ref=" + REGISTRY.host() + "/cache:min-import,registry.insecure=true");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            List<String> finalStage = stepsNamed(result, "[stage-1 ");
            assertThat(finalStage).as(result.stderr()).isNotEmpty();
            assertThat(notCached(result, "[stage-1 ")).as("final-stage steps that ran\n%s", result.stderr())
                    .isEmpty();
            assertThat(read(out.resolve("final"))).isEqualTo(finalFile);
        }
    }
}
