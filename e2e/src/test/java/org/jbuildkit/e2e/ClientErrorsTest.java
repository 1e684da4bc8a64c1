package org.jbuildkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.junit.jupiter.api.Test;

/** What buildctl says when there is no daemon or the command line is wrong. */
class ClientErrorsTest {

    @Test
    void unreachableDaemonIsOneLineNamingTheAddressAndTheFix() {
        CommandResult result = Commands.buildctl("--addr", "unix:///nonexistent.sock", "debug", "workers");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).startsWith(
                "error: cannot reach buildkitd at unix:///nonexistent.sock: no socket file there. Fix: start one with")
                .contains("buildkitd --addr unix:///nonexistent.sock")
                .hasLineCount(1)
                .doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void debugFlagShowsTheStackTrace() {
        CommandResult result = Commands.buildctl("--debug", "--addr", "unix:///nonexistent.sock", "debug", "info");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("cannot reach buildkitd").contains("\tat ");
    }

    @Test
    void closedTcpPortSaysNothingListens() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CommandResult result = Commands.buildctl("--addr", "tcp://127.0.0.1:" + port, "debug", "info");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("cannot reach buildkitd at tcp://127.0.0.1:" + port)
                .contains("connection refused");
    }

    @Test
    void malformedAddressIsExplained() {
        CommandResult result = Commands.buildctl("--addr", "127.0.0.1:1234", "debug", "info");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("address 127.0.0.1:1234 has no scheme")
                .contains("tcp://host:port");
    }

    @Test
    void seedsBuildFlagsWithoutBuildGetTheCorrectedCommandLines() {
        CommandResult result = Commands.buildctl("--frontend", "dockerfile.v0", "--opt", "export=true", "--local", ".");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr())
                .contains("--frontend is an option of the build command")
                .contains("buildctl build --frontend dockerfile.v0 --local context=. --local dockerfile=.")
                .contains("buildctl debug workers");
    }

    @Test
    void versionPrintsPackageAndVersion() {
        CommandResult result = Commands.buildctl("--version");
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).startsWith("buildctl github.com/jbuildkit/jbuildkit v");
    }

    @Test
    void unknownSubcommandIsAnErrorWithUsageHint() {
        CommandResult result = Commands.buildctl("frobnicate");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("frobnicate").contains("--help");
    }
}
