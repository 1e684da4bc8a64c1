package org.jbuildkit.e2e.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.e2e.cache.CacheBuilds.BIG_FILE_BYTES;
import static org.jbuildkit.e2e.cache.CacheBuilds.dockerfile;
import static org.jbuildkit.e2e.cache.CacheBuilds.notCached;
import static org.jbuildkit.e2e.cache.CacheBuilds.read;
import static org.jbuildkit.e2e.cache.CacheBuilds.steps;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jbuildkit.e2e.cache.RegistryContent.Manifest;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.CountingProxy;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registry cache with {@code mode=max} between two daemons with separate, empty roots: daemon A builds a multi-stage
 * Dockerfile, pushes the image and exports the cache; daemon B imports it, every step is CACHED, the output is A's
 * (random stamps written by the RUN steps are A's, so nothing ran again), and the bytes B pulled from the cache
 * registry (through a counting TCP proxy) stay within the final image's layers: the builder's big file is never
 * downloaded.
 */
class RegistryCacheImportTest {
    /** Manifests, the cache config and HTTP headers: small next to any layer, tiny next to the big file. */
    private static final long METADATA_ALLOWANCE = 64 * 1024;

    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON_A = DaemonFixture.unixSocket();
    @RegisterExtension
    static final DaemonFixture DAEMON_B = DaemonFixture.unixSocket();

    private final RegistryContent content = new RegistryContent(REGISTRY);

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    @Test
    void aFreshDaemonImportingMaxCacheHasEveryStepCachedAndPullsOnlyTheFinalLayers(@TempDir Path tmp)
            throws Exception {
        Path project = CacheBuilds.multiStage(tmp.resolve("project"), REGISTRY.host(), "max");
        Path metadata = tmp.resolve("metadata.json");
        CommandResult first = dockerfile(DAEMON_A.unixAddress(), project,
                "--output", "type=image,name=" + REGISTRY.host() + "/app:max,push=true,registry.insecure=true",
                "--export-cache", "type=registry,ref=" + REGISTRY.host() + "/cache:max,mode=max,registry.insecure=true",
                "--metadata-file", metadata.toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(notCached(first, "RUN")).as("daemon A ran its steps\n%s", first.stderr()).hasSize(3);

        Manifest image = content.requireManifest("app", "max");
        Manifest cache = content.requireManifest("cache", "max");
        String finalFile = content.file("app", image, "final").orElseThrow(
                () -> new AssertionError("the pushed image has no /final"));
        JsonNode response = RegistryContent.json(read(metadata).getBytes(StandardCharsets.UTF_8));
        JsonNode cacheManifest = response.path("cache.manifest");
        JsonNode descriptor = cacheManifest.isTextual()
                ? RegistryContent.json(cacheManifest.asText().getBytes(StandardCharsets.UTF_8)) : cacheManifest;
        assertThat(descriptor.path("digest").asText()).as("cache.manifest in %s", response).isEqualTo(cache.digest());

        try (CountingProxy proxy = CountingProxy.to("tcp://" + REGISTRY.host())) {
            String cacheViaProxy = proxy.address().substring("tcp://".length()) + "/cache:max";
            Path out = tmp.resolve("out");
            CommandResult second = dockerfile(DAEMON_B.unixAddress(), project, "--output", "type=local,dest=" + out,
                    "--import-cache", "type=registry,ref=" + cacheViaProxy + ",registry.insecure=true");

            assertThat(second.exitCode()).as(second.toString()).isZero();
            assertThat(steps(second)).as(second.stderr()).isNotEmpty();
            assertThat(notCached(second)).as("steps that ran on daemon B\n%s", second.stderr()).isEmpty();
            assertThat(read(out.resolve("final"))).isEqualTo(finalFile);
            assertThat(out.resolve("big")).doesNotExist();
            assertThat(proxy.bytesToClient())
                    .as("bytes pulled from the cache registry; the final image's layers are %d bytes",
                            image.totalLayerSize())
                    .isLessThanOrEqualTo(image.totalLayerSize() + METADATA_ALLOWANCE)
                    .isLessThan(BIG_FILE_BYTES);
        }
    }
}
