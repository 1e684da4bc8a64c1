package org.jbuildkit.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up lines: which file, which flags, what each registry section does. */
class StartupReportTest {

    @TempDir
    Path dir;

    @Test
    void dockerHubWithMirrorsSaysWhereEachMirrorGetsItsSettings() {
        EffectiveConfig effective = ConfigResolver.resolve(
                TestEnvironments.configFlag(TestEnvironments.resource("full.toml")), TestEnvironments.root());
        assertThat(effective.startupReport()).contains(
                "registry docker.io (registry-1.docker.io): plain HTTP (http = true, full.toml:170); TLS verification off "
                        + "(insecure = true, full.toml:172): tries HTTPS without verification first, then plain HTTP; "
                        + "extra CAs /etc/config/myca.pem (full.toml:176); client certificates /etc/config/cert.pem "
                        + "(full.toml:177); mirrors: yourmirror.local:5000 (plain HTTP, from "
                        + "[registry.\"yourmirror.local:5000\"]), core.harbor.domain/proxy.docker.io (HTTPS, no section of its own)",
                "registry yourmirror.local:5000: plain HTTP (http = true, full.toml:183); mirrors: none");
    }

    @Test
    void fileWithoutRegistrySectionsSaysSo() {
        EffectiveConfig effective = TestEnvironments.resolveText(dir, "debug = false\n");
        assertThat(effective.startupReport()).containsExactly(
                "config file " + dir.resolve("buildkitd.toml") + " (from --config)",
                "no [registry.\"host\"] sections: HTTPS for every registry, plain HTTP for loopback hosts");
    }

    @Test
    void warningsAreCounted() {
        EffectiveConfig effective = TestEnvironments.resolveText(dir, "rot = \"/x\"\n");
        assertThat(effective.startupReport()).contains("1 warning about the config file (logged separately)");
    }

    @Test
    void explicitHttpFalseOnLoopbackMeansHttps() {
        EffectiveConfig effective = TestEnvironments.resolveText(dir, "[registry.\"localhost:5000\"]\nhttp = false\n");
        assertThat(effective.startupReport())
                .contains("registry localhost:5000: HTTPS (http = false, buildkitd.toml:2); mirrors: none");
    }
}
