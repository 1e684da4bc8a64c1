package org.jbuildkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** buildctl's read-only commands against a real buildkitd on a unix socket, through bin/. */
class DaemonCommandsTest {
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    @Test
    void debugWorkersListsTheWorkerWithItsPlatforms() throws Exception {
        CommandResult result = Commands.buildctl("--addr", DAEMON.unixAddress(), "debug", "workers");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        String workerId = Files.readString(DAEMON.root().resolve("workerid")).trim();
        assertThat(result.stdout()).startsWith("ID\t\t\t\tPLATFORMS\n")
                .contains(workerId + "\tlinux/amd64");
    }

    @Test
    void debugWorkersVerboseShowsLabelsAndGcPolicy() {
        CommandResult result = Commands.buildctl("--addr", DAEMON.unixAddress(), "debug", "workers", "-v");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout())
                .contains("Platforms:\tlinux/amd64")
                .contains("\torg.mobyproject.buildkit.worker.executor:\t\toci\n")
                .contains("\torg.mobyproject.buildkit.worker.oci.process-mode:\tsandbox\n")
                .contains("org.mobyproject.buildkit.worker.snapshotter:")
                .contains("org.mobyproject.buildkit.worker.hostname:")
                .contains("org.mobyproject.buildkit.worker.network:")
                .contains("GC Policy rule#0:\n\tAll:\t\tfalse\n")
                .contains("\tFilters:\ttype==source.local,type==exec.cachemount,type==source.git.checkout\n")
                .contains("\tKeep Duration:\t48h0m0s\n")
                .contains("\tMax Used Space:\t488.3MiB\n")
                .contains("GC Policy rule#3:\n\tAll:\t\ttrue\n");
    }

    @Test
    void debugLabelsPrintsEveryLabel() {
        CommandResult result = Commands.buildctl("--addr", DAEMON.unixAddress(), "debug", "labels");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout().lines())
                .anyMatch(l -> l.matches("org\\.mobyproject\\.buildkit\\.worker\\.executor:\\t+oci"))
                .anyMatch(l -> l.startsWith("org.mobyproject.buildkit.worker.snapshotter:"));
    }

    @Test
    void debugInfoShowsTheDaemonVersion() {
        CommandResult result = Commands.buildctl("--addr", DAEMON.unixAddress(), "debug", "info");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).startsWith("BuildKit: github.com/jbuildkit/jbuildkit v");
    }

    @Test
    void diskUsageAnswersWithTotals() {
        CommandResult result = Commands.buildctl("--addr", DAEMON.unixAddress(), "du");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).startsWith("ID\t").contains("RECLAIMABLE\tSIZE\tLAST ACCESSED\n")
                .contains("Reclaimable:\t0B\n").contains("Total:\t\t0B\n");
    }

    @Test
    void pruneAnswersAndRejectsABadFilter() {
        CommandResult ok = Commands.buildctl("--addr", DAEMON.unixAddress(), "prune", "--all",
                "--keep-duration", "48h", "--keep-storage", "512");
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(ok.stdout()).isEqualTo("Total:\t0B\n");

        CommandResult bad = Commands.buildctl("--addr", DAEMON.unixAddress(), "prune", "--filter", "colour==blue");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr()).contains("'colour==blue' is not understood").doesNotContain("\tat ");
    }

    @Test
    void buildkitHostEnvironmentVariableSelectsTheDaemon() {
        CommandResult result = Commands.run(java.util.List.of(
                org.jbuildkit.e2e.fixtures.ProjectLayout.buildctl().toString(), "debug", "info"),
                java.util.Map.of("BUILDKIT_HOST", DAEMON.unixAddress()), 60);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).startsWith("BuildKit: ");
    }
}
