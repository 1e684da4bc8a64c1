package org.jbuildkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** buildkitd on tcp: mutual TLS, and the seed's registry config over plain tcp. */
class TlsAndSeedConfigTest {

    @Test
    void mutualTlsAcceptsOnlyClientsWithACertificateFromTheCa(@TempDir Path tmp) throws Exception {
        TestCertificates certs = TestCertificates.create(tmp.resolve("certs"));
        try (DaemonFixture daemon = DaemonFixture.withTcp("--tlscert", certs.serverCert().toString(),
                "--tlskey", certs.serverKey().toString(), "--tlscacert", certs.caCert().toString()).start()) {
            CommandResult ok = Commands.buildctl("--addr", daemon.tcpAddress(),
                    "--tlscacert", certs.caCert().toString(), "--tlscert", certs.clientCert().toString(),
                    "--tlskey", certs.clientKey().toString(), "debug", "workers");
            assertThat(ok.exitCode()).as(ok.toString()).isZero();
            assertThat(ok.stdout()).contains("linux/amd64");

            CommandResult noCert = Commands.buildctl("--addr", daemon.tcpAddress(),
                    "--tlscacert", certs.caCert().toString(), "debug", "workers");
            assertThat(noCert.exitCode()).isEqualTo(1);
            assertThat(noCert.stderr()).contains("cannot reach buildkitd at " + daemon.tcpAddress())
                    .contains("the daemon refused our client certificate").contains("Fix: give --tlscert/--tlskey");
            assertThat(noCert.stdout()).isEmpty();

            CommandResult otherCa = Commands.buildctl("--addr", daemon.tcpAddress(),
                    "--tlscacert", certs.caCert().toString(), "--tlscert", certs.otherCaClientCert().toString(),
                    "--tlskey", certs.otherCaClientKey().toString(), "debug", "workers");
            assertThat(otherCa.exitCode()).isEqualTo(1);
            assertThat(otherCa.stderr()).contains("the daemon refused our client certificate");
            assertThat(otherCa.stdout()).isEmpty();

            CommandResult plaintext = Commands.buildctl("--addr", daemon.tcpAddress(), "debug", "workers");
            assertThat(plaintext.exitCode()).isEqualTo(1);
            assertThat(plaintext.stderr()).contains("it probably requires TLS");
            assertThat(plaintext.stdout()).isEmpty();
        }
    }

    @Test
    void serverNameOverrideIsUsedForVerification(@TempDir Path tmp) throws Exception {
        TestCertificates certs = TestCertificates.create(tmp.resolve("certs"));
        try (DaemonFixture daemon = DaemonFixture.withTcp("--tlscert", certs.serverCert().toString(),
                "--tlskey", certs.serverKey().toString(), "--tlscacert", certs.caCert().toString()).start()) {
            String[] tls = {"--tlscacert", certs.caCert().toString(), "--tlscert", certs.clientCert().toString(),
                "--tlskey", certs.clientKey().toString()};
            CommandResult good = Commands.buildctl(concat(new String[] {"--addr", daemon.tcpAddress(),
                "--tlsservername", "localhost"}, tls, new String[] {"debug", "info"}));
            assertThat(good.exitCode()).as(good.toString()).isZero();

            CommandResult wrong = Commands.buildctl(concat(new String[] {"--addr", daemon.tcpAddress(),
                "--tlsservername", "buildkitd.example"}, tls, new String[] {"debug", "info"}));
            assertThat(wrong.exitCode()).isEqualTo(1);
            assertThat(wrong.stderr()).contains("the daemon's certificate does not name this host");
        }
    }

    /** The "done when": the seed's registry section, tcp address, and debug workers -v. */
    @Test
    void seedConfigOverTcpShowsTheWorkerAndTheRegistrySettings(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("buildkitd.toml");
        Files.writeString(config, String.join("\n",
                "[registry.\"127.0.0.1:8082\"]",
                "  http = true",
                "  insecure = true #required?",
                ""));
        try (DaemonFixture daemon = DaemonFixture.withTcp("--config", config.toString()).start()) {
            CommandResult result = Commands.buildctl("--addr", daemon.tcpAddress(), "debug", "workers", "-v");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            String workerId = Files.readString(daemon.root().resolve("workerid")).trim();
            assertThat(result.stdout()).startsWith("ID:\t\t" + workerId + "\n")
                    .contains("org.mobyproject.buildkit.worker.executor:");
            assertThat(daemon.log()).contains(config.toString()).contains("127.0.0.1:8082");
        }
    }

    @Test
    void workerLabelsFromTheConfigAreListed(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("buildkitd.toml");
        Files.writeString(config, "[worker.oci]\n  snapshotter = \"native\"\n[worker.oci.labels]\n  team = \"builds\"\n");
        try (DaemonFixture daemon = DaemonFixture.unixSocket("--config", config.toString()).start()) {
            CommandResult result = Commands.buildctl("--addr", daemon.unixAddress(), "debug", "workers", "-v");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout()).contains("\tteam:\t").contains("builds\n")
                    .containsPattern("org.mobyproject.buildkit.worker.snapshotter:\t+native\n");
        }
    }

    @Test
    void flagsOverrideTheConfigFile(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("buildkitd.toml");
        Files.writeString(config, "[worker.oci]\n  snapshotter = \"native\"\n  noProcessSandbox = false\n");
        try (DaemonFixture daemon = DaemonFixture.unixSocket("--config", config.toString(),
                "--oci-worker-snapshotter", "overlayfs", "--oci-worker-no-process-sandbox",
                "--oci-worker-platform", "linux/arm64").start()) {
            CommandResult result = Commands.buildctl("--addr", daemon.unixAddress(), "debug", "workers", "-v");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout()).contains("Platforms:\tlinux/arm64\n")
                    .containsPattern("snapshotter:\t+overlayfs\n")
                    .containsPattern("process-mode:\t+no-sandbox\n");
        }
    }

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }
}
