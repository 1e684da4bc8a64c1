package org.jbuildkit.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configurations from the user's notes. */
class SeedExamplesTest {

    @TempDir
    Path dir;

    @Test
    void plainHttpRegistryOnALanAddress() {
        EffectiveConfig effective = TestEnvironments.resolveText(dir, """
                [registry."192.168.0.110:8082"]
                  http = true
                  insecure = true #required?
                """);

        RegistryConfig registry = effective.config().registry("192.168.0.110:8082").orElseThrow();
        assertThat(registry.http()).isEqualTo(Tristate.TRUE);
        assertThat(registry.insecure()).isEqualTo(Tristate.TRUE);
        assertThat(registry.mirrors()).isEmpty();
        assertThat(effective.warnings()).isEmpty();
        assertThat(effective.startupReport()).contains(
                "config file " + dir.resolve("buildkitd.toml") + " (from --config)",
                "registry 192.168.0.110:8082: plain HTTP (http = true, buildkitd.toml:2); TLS verification off "
                        + "(insecure = true, buildkitd.toml:3): tries HTTPS without verification first, then plain HTTP; "
                        + "mirrors: none");
    }

    @Test
    void kubernetesConfigMap() {
        EffectiveConfig effective = TestEnvironments.resolveText(dir, """
                debug = false
                [worker.containerd]
                  namespace = "buildkit"
                [registry."registry:5000"]
                  http = true
                  insecure = true
                """);

        BuildkitdConfig config = effective.config();
        assertThat(config.debug()).isFalse();
        assertThat(config.log().level()).isEqualTo(LogConfig.Level.INFO);
        assertThat(config.workers().containerd().namespace()).isEqualTo("buildkit");
        assertThat(effective.provenance().sourceOf("worker.containerd.namespace").describe()).isEqualTo("buildkitd.toml:3");
        RegistryConfig registry = config.registry("registry:5000").orElseThrow();
        assertThat(registry.http()).isEqualTo(Tristate.TRUE);
        assertThat(registry.insecure()).isEqualTo(Tristate.TRUE);
        assertThat(effective.warnings()).isEmpty();
    }

    @Test
    void plainHttpIsTheDefaultOnlyForLoopbackHosts() {
        EffectiveConfig effective = TestEnvironments.resolveText(dir, """
                [registry."127.0.0.1:5000"]
                  insecure = true
                [registry."registry:5000"]
                  insecure = true
                """);

        assertThat(effective.startupReport()).contains(
                "registry 127.0.0.1:5000: plain HTTP (http unset; loopback hosts default to it); TLS verification off "
                        + "(insecure = true, buildkitd.toml:2): tries HTTPS without verification first, then plain HTTP; "
                        + "mirrors: none",
                "registry registry:5000: HTTPS; TLS verification off (insecure = true, buildkitd.toml:4); mirrors: none");
    }
}
