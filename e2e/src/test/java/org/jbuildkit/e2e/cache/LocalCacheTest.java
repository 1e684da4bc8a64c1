package org.jbuildkit.e2e.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.e2e.cache.CacheBuilds.dockerfile;
import static org.jbuildkit.e2e.cache.CacheBuilds.notCached;
import static org.jbuildkit.e2e.cache.CacheBuilds.read;
import static org.jbuildkit.e2e.cache.CacheBuilds.steps;
import static org.jbuildkit.e2e.cache.RegistryContent.CACHE_CONFIG;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --export-cache type=local,dest=DIR} writes an OCI image layout on the client's side (through the session),
 * with the cache manifest tagged {@code tag} (default {@code latest}); {@code --import-cache type=local,src=DIR} on a
 * daemon with an empty root has every step CACHED, choosing the manifest by {@code tag} or {@code digest}.
 */
class LocalCacheTest {
    private static final String REF_NAME = "org.opencontainers.image.ref.name";

    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    private static void buildExporting(Path project, Path out, String exportCache) {
        CommandResult result = dockerfile(DAEMON.unixAddress(), project, "--output", "type=local,dest=" + out,
                "--export-cache", exportCache);
        assertThat(result.exitCode()).as(result.toString()).isZero();
    }

    private static JsonNode index(Path layout) {
        return RegistryContent.json(read(layout.resolve("index.json")).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static JsonNode manifestTagged(Path layout, String tag) {
        for (JsonNode manifest : index(layout).path("manifests")) {
            if (tag.equals(manifest.path("annotations").path(REF_NAME).asText())) {
                return manifest;
            }
        }
        throw new AssertionError(layout + "/index.json has no manifest tagged " + tag + ": " + index(layout));
    }

    private static Path blob(Path layout, String digest) {
        return layout.resolve("blobs/sha256/" + digest.substring("sha256:".length()));
    }

    private static CommandResult importOnFreshDaemon(Path project, Path out, String importCache) {
        try (DaemonFixture fresh = DaemonFixture.unixSocket().start()) {
            return dockerfile(fresh.unixAddress(), project, "--output", "type=local,dest=" + out,
                    "--import-cache", importCache);
        }
    }

    @Test
    void theExportIsAnOciLayoutOnTheClientAndAFreshDaemonImportsItAllCached(@TempDir Path tmp) {
        Path project = CacheBuilds.multiStage(tmp.resolve("project"), REGISTRY.host(), "local");
        Path layout = tmp.resolve("cache");
        Path first = tmp.resolve("first");
        buildExporting(project, first, "type=local,dest=" + layout + ",mode=max");

        assertThat(read(layout.resolve("oci-layout"))).contains("\"imageLayoutVersion\"");
        JsonNode tagged = manifestTagged(layout, "latest");
        assertThat(blob(layout, tagged.path("digest").asText())).isRegularFile();
        JsonNode manifest = RegistryContent.json(readBytes(blob(layout, tagged.path("digest").asText())));
        assertThat(manifest.path("config").path("mediaType").asText()).isEqualTo(CACHE_CONFIG);
        assertThat(blob(layout, manifest.path("config").path("digest").asText())).isRegularFile();
        assertThat(manifest.path("layers")).isNotEmpty().allSatisfy(
                l -> assertThat(blob(layout, l.path("digest").asText())).isRegularFile());

        Path second = tmp.resolve("second");
        CommandResult imported = importOnFreshDaemon(project, second, "type=local,src=" + layout);
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(steps(imported)).as(imported.stderr()).isNotEmpty();
        assertThat(notCached(imported)).as("steps that ran\n%s", imported.stderr()).isEmpty();
        assertThat(read(second.resolve("final"))).isEqualTo(read(first.resolve("final")));
    }

    @Test
    void tagAndDigestChooseWhichCacheManifestOfTheLayoutIsImported(@TempDir Path tmp) {
        Path layout = tmp.resolve("cache");
        Path one = CacheBuilds.singleStage(tmp.resolve("one"), REGISTRY.host(), "one");
        Path two = CacheBuilds.singleStage(tmp.resolve("two"), REGISTRY.host(), "two");
        buildExporting(one, tmp.resolve("one-out"), "type=local,dest=" + layout + ",tag=one");
        buildExporting(two, tmp.resolve("two-out"), "type=local,dest=" + layout + ",tag=two");
        // Same names, sizes and Dockerfile in another directory: the daemon must not take one's files for two's.
        assertThat(read(tmp.resolve("two-out/final"))).startsWith("app two\n");
        List<String> tags = new ArrayList<>();
        index(layout).path("manifests").forEach(m -> tags.add(m.path("annotations").path(REF_NAME).asText()));
        assertThat(tags).contains("one", "two").doesNotContain("latest");

        CommandResult byTag = importOnFreshDaemon(one, tmp.resolve("by-tag"), "type=local,src=" + layout + ",tag=one");
        assertThat(byTag.exitCode()).as(byTag.toString()).isZero();
        assertThat(notCached(byTag, "RUN")).as("steps that ran\n%s", byTag.stderr()).isEmpty();
        assertThat(read(tmp.resolve("by-tag/final"))).isEqualTo(read(tmp.resolve("one-out/final")));

        String twoDigest = manifestTagged(layout, "two").path("digest").asText();
        CommandResult byDigest = importOnFreshDaemon(two, tmp.resolve("by-digest"),
                "type=local,src=" + layout + ",digest=" + twoDigest);
        assertThat(byDigest.exitCode()).as(byDigest.toString()).isZero();
        assertThat(notCached(byDigest, "RUN")).as("steps that ran\n%s", byDigest.stderr()).isEmpty();
        assertThat(read(tmp.resolve("by-digest/final"))).isEqualTo(read(tmp.resolve("two-out/final")));

        CommandResult otherTag = importOnFreshDaemon(two, tmp.resolve("other-tag"),
                "type=local,src=" + layout + ",tag=one");
        assertThat(otherTag.exitCode()).as(otherTag.toString()).isZero();
        assertThat(notCached(otherTag, "RUN")).as("project two's RUN is not in the cache tagged one").hasSize(1);
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
