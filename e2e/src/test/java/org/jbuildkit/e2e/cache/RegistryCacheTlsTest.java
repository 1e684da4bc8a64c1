package org.jbuildkit.e2e.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.e2e.cache.CacheBuilds.dockerfile;
import static org.jbuildkit.e2e.cache.CacheBuilds.notCached;
import static org.jbuildkit.e2e.cache.CacheBuilds.read;
import static org.jbuildkit.e2e.cache.CacheBuilds.steps;
import static org.jbuildkit.e2e.cache.RegistryContent.CACHE_CONFIG;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Registry cache over HTTPS with the registry's CA in {@code buildkitd.toml} (no {@code registry.insecure}): daemon A
 * exports {@code mode=max}, a daemon with an empty root and the same config imports it with every step CACHED.
 */
class RegistryCacheTlsTest {
    @RegisterExtension
    static final RegistryFixture TLS = RegistryFixture.tls();

    private final RegistryContent content = new RegistryContent(TLS);

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(TLS, "busybox", "latest");
    }

    private static DaemonFixture daemonTrustingTheCa(Path dir) {
        try {
            Path config = Files.writeString(Files.createDirectories(dir).resolve("buildkitd.toml"),
                    "[registry.\"" + TLS.host() + "\"]\n  http = false\n  ca = [\"" + TLS.caCert() + "\"]\n");
            return DaemonFixture.unixSocket("--config", config.toString()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aCacheExportedOverHttpsWithAConfiguredCaIsImportedByAFreshDaemon(@TempDir Path tmp) {
        Path project = CacheBuilds.multiStage(tmp.resolve("project"), TLS.host(), "https");
        String ref = TLS.host() + "/cache:https";
        Path first = tmp.resolve("first");
        try (DaemonFixture a = daemonTrustingTheCa(tmp.resolve("a"))) {
            CommandResult exported = dockerfile(a.unixAddress(), project, "--output", "type=local,dest=" + first,
                    "--export-cache", "type=registry,ref=" + ref + ",mode=max");
            assertThat(exported.exitCode()).as(exported.toString()).isZero();
        }
        Manifest cache = content.requireManifest("cache", "https");
        assertThat(cache.json().path("config").path("mediaType").asText()).isEqualTo(CACHE_CONFIG);

        try (DaemonFixture b = daemonTrustingTheCa(tmp.resolve("b"))) {
            Path out = tmp.resolve("out");
            CommandResult imported = dockerfile(b.unixAddress(), project, "--output", "type=local,dest=" + out,
                    "--import-cache", "type=registry,ref=" + ref);
            assertThat(imported.exitCode()).as(imported.toString()).isZero();
            assertThat(steps(imported)).as(imported.stderr()).isNotEmpty();
            assertThat(notCached(imported)).as("steps that ran\n%s", imported.stderr()).isEmpty();
            assertThat(read(out.resolve("final"))).isEqualTo(read(first.resolve("final")));
        }
    }
}
