package org.jbuildkit.e2e.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.e2e.fixtures.RunningCommand;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client that goes away mid-step (Ctrl-C, or killed outright) cancels its build: the step's
 * container is killed and deleted, no process of it is left, and the daemon builds on as before.
 */
class CancellationTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    private static List<String> buildctl() {
        return new ArrayList<>(List.of(ProjectLayout.buildctl().toString(), "--addr", DAEMON.unixAddress(), "build",
                "--progress", "plain"));
    }

    private static Path write(Path tmp, Definition definition) throws Exception {
        return Files.write(tmp.resolve("def-" + System.nanoTime()), definition.toByteArray());
    }

    @ParameterizedTest(name = "client {0}")
    @ValueSource(strings = {"interrupted", "killed"})
    void aCancelledBuildLeavesNoContainerAndTheNextBuildWorks(String how, @TempDir Path tmp) throws Exception {
        String marker = "cancel-me-" + UUID.randomUUID();
        // The sleep's argument is unique to this test, so finding the process means finding this step.
        int seconds = 600 + (int) (Math.random() * 300);
        Path def = write(tmp, Llb.image(REGISTRY.host() + "/busybox:latest")
                .run(Run.shell("echo " + marker + "; exec sleep " + seconds)).root().marshal());
        Path refFile = tmp.resolve("ref");
        List<String> command = buildctl();
        command.addAll(List.of("--ref-file", refFile.toString()));
        try (RunningCommand build = RunningCommand.start(command, def)) {
            build.awaitStderr(Pattern.compile(Pattern.quote(marker) + "\n"), 90);
            assertThat(containers()).as("the step runs in a container").isNotEmpty();
            assertThat(sleepers(seconds)).as("the step's process is running").isNotEmpty();
            CommandResult ended = how.equals("killed") ? build.kill(30) : build.terminate(30);
            assertThat(ended.exitCode()).isNotZero();
        }
        awaitGone(seconds);
        // Whichever the daemon noticed first, the Solve call or the session going away, it says so.
        assertThat(DAEMON.log()).containsPattern("build " + Files.readString(refFile).trim() + " cancelled: (its client"
                + " went away|no active session for \\w+: .+)");

        CommandResult next = Commands.run(buildctl(), Map.of(), 120, write(tmp, Llb.image(REGISTRY.host()
                + "/busybox:latest").run(Run.shell("echo after-" + marker)).root().marshal()));
        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(next.stderr()).contains("after-" + marker);
    }

    /** Waits until the daemon's runc has no container left and no process of the step remains. */
    private static void awaitGone(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!containers().isEmpty() || !sleepers(seconds).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("after the client left, runc still lists " + containers()
                        + " and these processes remain: " + sleepers(seconds) + "\n" + DAEMON.log());
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private static List<String> containers() {
        return DAEMON.runcContainers();
    }

    private static List<String> sleepers(int seconds) {
        return Commands.processesMatching("^sleep " + seconds + "$");
    }
}
