package org.jbuildkit.e2e.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.e2e.fixtures.RunningCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Dockerfile build is cancelled like an LLB one when its client goes away: the running RUN step's container and
 * processes are gone, and the next Dockerfile build on the daemon works.
 */
class DockerfileCancelTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    @Test
    void aKilledClientsRunStepIsStoppedAndTheNextBuildWorks(@TempDir Path tmp) throws Exception {
        String marker = "cancel-me-" + UUID.randomUUID();
        // The sleep's argument is unique to this test, so finding the process means finding this step.
        int seconds = 600 + (int) (Math.random() * 300);
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of("Dockerfile",
                "FROM " + REGISTRY.host() + "/busybox:latest\nRUN echo " + marker + "; exec sleep " + seconds + "\n"));
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(), "--addr",
                DAEMON.unixAddress(), "build", "--progress", "plain", "--frontend", "dockerfile.v0",
                "--local", "context=" + project, "--local", "dockerfile=" + project));
        try (RunningCommand build = RunningCommand.start(command, Path.of("/dev/null"))) {
            build.awaitStderr(Pattern.compile(Pattern.quote(marker) + "\n"), 90);
            assertThat(DAEMON.runcContainers()).as("the step runs in a container").isNotEmpty();
            CommandResult ended = build.kill(30);
            assertThat(ended.exitCode()).isNotZero();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!DAEMON.runcContainers().isEmpty() || !Commands.processesMatching("^sleep " + seconds + "$").isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("after the client left, runc still lists " + DAEMON.runcContainers() + "\n"
                        + DAEMON.log());
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }

        Path next = DockerfileBuilds.project(tmp.resolve("next"), Map.of("Dockerfile",
                "FROM " + REGISTRY.host() + "/busybox:latest\nRUN echo after-" + marker + "\n"));
        CommandResult after = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), next);
        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(after.stderr()).contains("after-" + marker);
    }
}
