package org.jbuildkit.e2e.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Run;
import org.jbuildkit.llb.State;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real builds: the busybox image pulled from a real registry and unpacked into snapshots, steps
 * run by runc, progress through the real buildctl, and the cache on the second run.
 */
class ImageExecBuildTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    private static State busybox() {
        return Llb.image(REGISTRY.host() + "/busybox:latest");
    }

    private static CommandResult build(Path tmp, Definition definition, String... extra) throws Exception {
        Path file = Files.write(tmp.resolve("def-" + System.nanoTime()), definition.toByteArray());
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(),
                "--addr", DAEMON.unixAddress(), "build", "--progress", "plain"));
        command.addAll(List.of(extra));
        return Commands.run(command, Map.of(), 180, file);
    }

    @Test
    void aStepRunsInTheImageAndTheSecondBuildIsCached(@TempDir Path tmp) throws Exception {
        Definition def = busybox().run(Run.shell("echo hello from $(cat /etc/hostname 2>/dev/null || hostname);"
                + " echo to-stderr >&2; test -x /bin/busybox")).root().marshal();
        CommandResult first = build(tmp, def);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.stderr()).containsPattern("#\\d+ \\d+\\.\\d{3} hello from ")
                .containsPattern("#\\d+ \\d+\\.\\d{3} to-stderr")
                .containsPattern("#\\d+ DONE \\d+\\.\\ds");

        CommandResult second = build(tmp, def);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.stderr()).doesNotContain("DONE").contains("CACHED");
    }

    @Test
    void stepsBuildOnTheirParentsResults(@TempDir Path tmp) throws Exception {
        State first = busybox().run(Run.shell("mkdir -p /out && echo one > /out/a")).root();
        Definition def = first.run(Run.shell("cat /out/a && test \"$(cat /out/a)\" = one")).root().marshal();
        CommandResult result = build(tmp, def);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).containsPattern("#\\d+ \\d+\\.\\d{3} one");
    }

    @Test
    void aFailingStepNamesTheCommandAndExitCode(@TempDir Path tmp) throws Exception {
        Definition def = busybox().run(Run.shell("echo start && ls /nonexistent && exit 3")).root().marshal();
        CommandResult result = build(tmp, def);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr())
                .contains("ERROR: process \"/bin/sh -c echo start && ls /nonexistent && exit 3\" did not complete"
                        + " successfully: exit code: 1")
                .contains("------\n > ")
                .contains("ls: /nonexistent: No such file or directory")
                .contains("error: failed to solve: process \"/bin/sh -c echo start && ls /nonexistent && exit 3\" did"
                        + " not complete successfully: exit code: 1");
    }

    @Test
    void noCacheRunsTheStepAgain(@TempDir Path tmp) throws Exception {
        Definition def = busybox().run(Run.shell("echo no-cache-check")).root().marshal();
        assertThat(build(tmp, def).exitCode()).isZero();
        CommandResult again = build(tmp, def, "--no-cache");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.stderr()).contains("no-cache-check").doesNotContain("CACHED");
    }
}
