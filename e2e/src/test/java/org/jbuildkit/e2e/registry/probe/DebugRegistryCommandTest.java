package org.jbuildkit.e2e.registry.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code buildctl debug registry}: the daemon probes registries with its own configuration. */
class DebugRegistryCommandTest {
    @RegisterExtension
    static final RegistryFixture PLAIN = RegistryFixture.plainHttp();
    @RegisterExtension
    static final RegistryFixture TLS = RegistryFixture.tls();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    @Test
    void reachableRegistryReportsEveryPhase() {
        CommandResult result = Commands.buildctl("--addr", DAEMON.unixAddress(), "debug", "registry", PLAIN.host());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("registry " + PLAIN.host() + " (http://" + PLAIN.host() + ")")
                .contains("no [registry.\"" + PLAIN.host() + "\"] section")
                .contains("GET /v2/ → 200");
    }

    @Test
    void localhostTlsRegistryNeedsHttpFalseAsUpstream() {
        CommandResult result = Commands.buildctl("--addr", DAEMON.unixAddress(), "debug", "registry", TLS.host());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stdout()).contains("the registry speaks HTTPS but the daemon sent plain HTTP")
                .contains("http = false");
    }

    @Test
    void unknownCertificateAuthorityNamesTheFix(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("buildkitd.toml");
        Files.writeString(config, "[registry.\"" + TLS.host() + "\"]\n  http = false\n");
        try (DaemonFixture daemon = DaemonFixture.unixSocket("--config", config.toString()).start()) {
            CommandResult result = Commands.buildctl("--addr", daemon.unixAddress(), "debug", "registry", TLS.host());
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.stdout()).contains("TLS").contains("ca = [");
        }
    }

    @Test
    void caFromTheConfigMakesTheTlsRegistryReachable(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("buildkitd.toml");
        Files.writeString(config, "[registry.\"" + TLS.host() + "\"]\n  ca = [\"" + TLS.caCert() + "\"]\n"
                + "  http = false\n");
        try (DaemonFixture daemon = DaemonFixture.unixSocket("--config", config.toString()).start()) {
            CommandResult result = Commands.buildctl("--addr", daemon.unixAddress(), "debug", "registry", TLS.host());
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout()).contains("https://" + TLS.host()).contains("buildkitd.toml:1");
        }
    }

    @Test
    void insecurePushFallsBackToPlainHttp() {
        CommandResult result = Commands.buildctl("--addr", DAEMON.unixAddress(), "debug", "registry", PLAIN.host(),
                "--insecure");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("falling back to plain HTTP");
    }

    @Test
    void closedPortSaysWhatWasDialled() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CommandResult result = Commands.buildctl("--addr", DAEMON.unixAddress(), "debug", "registry",
                "127.0.0.1:" + port);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).contains("CONNECT").contains("127.0.0.1:" + port).contains("refused");
    }
}
