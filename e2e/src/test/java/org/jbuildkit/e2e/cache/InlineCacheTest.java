package org.jbuildkit.e2e.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.e2e.cache.CacheBuilds.dockerfile;
import static org.jbuildkit.e2e.cache.CacheBuilds.notCached;
import static org.jbuildkit.e2e.cache.CacheBuilds.read;
import static org.jbuildkit.e2e.cache.CacheBuilds.steps;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Base64;
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
 * {@code --export-cache type=inline} with a pushed image: the image config carries the cache config under
 * {@code moby.buildkit.cache.v0} (base64 JSON), and a fresh daemon importing {@code type=registry,ref=<the image>}
 * has every step CACHED.
 */
class InlineCacheTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    private final RegistryContent content = new RegistryContent(REGISTRY);

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    @Test
    void theImageConfigCarriesTheCacheAndAFreshDaemonImportsItFromTheImage(@TempDir Path tmp) {
        Path project = CacheBuilds.singleStage(tmp.resolve("project"), REGISTRY.host(), "inline");
        String image = REGISTRY.host() + "/app:inline";
        CommandResult first = dockerfile(DAEMON.unixAddress(), project,
                "--output", "type=image,name=" + image + ",push=true,registry.insecure=true",
                "--export-cache", "type=inline");
        assertThat(first.exitCode()).as(first.toString()).isZero();

        Manifest pushed = content.requireManifest("app", "inline");
        JsonNode config = content.config("app", pushed);
        assertThat(config.has("moby.buildkit.cache.v0")).as("image config %s", config).isTrue();
        JsonNode cache = RegistryContent.json(Base64.getDecoder().decode(
                config.path("moby.buildkit.cache.v0").asText()));
        // As upstream writes it: the records alone, their result layers indexes into the image's own layers.
        assertThat(cache.isArray()).as("inline cache %s", cache).isTrue();
        assertThat(cache).as("inline cache %s", cache).isNotEmpty();
        List<Integer> resultLayers = new java.util.ArrayList<>();
        cache.forEach(record -> record.path("layers").forEach(result -> resultLayers.add(result.path("layer")
                .asInt())));
        assertThat(resultLayers).as("inline cache %s", cache).isNotEmpty()
                .allMatch(layer -> layer >= 0 && layer < pushed.layers().size());
        String finalFile = content.file("app", pushed, "final").orElseThrow();

        try (DaemonFixture fresh = DaemonFixture.unixSocket().start()) {
            Path out = tmp.resolve("out");
            CommandResult second = dockerfile(fresh.unixAddress(), project, "--output", "type=local,dest=" + out,
                    "--import-cache", "type=registry,ref=" + image + ",registry.insecure=true");

            assertThat(second.exitCode()).as(second.toString()).isZero();
            assertThat(steps(second)).as(second.stderr()).isNotEmpty();
            assertThat(notCached(second)).as("steps that ran\n%s", second.stderr()).isEmpty();
            assertThat(read(out.resolve("final"))).isEqualTo(finalFile);
        }
    }
}
