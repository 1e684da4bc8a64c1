package org.jbuildkit.e2e.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Dockerfile that cannot be built says where, as upstream's buildctl shows it
 * ({@code testdata/upstream-output/build-failure-plain.txt}): {@code Dockerfile:N} and the excerpt with {@code >>>}
 * on the failing line, for a parse error (sent by the frontend as {@code errdefs.Source}) and for a failing RUN (the
 * step's location in the definition's source map). A missing Dockerfile names the file, the local and the fix.
 */
class DockerfileErrorTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    @Test
    void aParseErrorPrintsTheFileLineAndTheExcerpt(@TempDir Path tmp) throws Exception {
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of("Dockerfile",
                "FROM " + REGISTRY.host() + "/busybox:latest\nRUNN echo typo\nRUN echo after\n"));
        CommandResult result = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).contains("Dockerfile:2")
                .containsPattern("(?m)^\\s+2 \\| >>> RUNN echo typo$")
                .containsPattern("(?m)^\\s+1 \\|     FROM ")
                .contains("error: failed to solve: ")
                .contains("RUNN");
    }

    @Test
    void aFailingRunPrintsItsLineAndTheStepsOutput(@TempDir Path tmp) throws Exception {
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of("Dockerfile",
                "FROM " + REGISTRY.host() + "/busybox:latest\nRUN echo before\n"
                        + "RUN echo start && ls /nonexistent && exit 3\n"));
        CommandResult result = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr())
                .contains("[3/3] RUN echo start && ls /nonexistent && exit 3")
                .contains("Dockerfile:3")
                .containsPattern("(?m)^\\s+3 \\| >>> RUN echo start && ls /nonexistent && exit 3$")
                .contains("error: failed to solve: process \"/bin/sh -c echo start && ls /nonexistent && exit 3\""
                        + " did not complete successfully: exit code: 1");
    }

    @Test
    void aMissingDockerfileNamesTheFileTheLocalAndTheFix(@TempDir Path tmp) throws Exception {
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of("README", "no Dockerfile here\n"));
        CommandResult result = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project,
                "--opt", "filename=linux/my-app.docker");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).contains("open linux/my-app.docker: no such file or directory")
                .contains("'dockerfile'").contains("--local dockerfile=").contains("--opt filename=");
    }

    @Test
    void aFrontendWithoutItsLocalsSaysWhichIsMissing(@TempDir Path tmp) throws Exception {
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of("Dockerfile", "FROM scratch\n"));
        CommandResult result = DockerfileBuilds.build(DAEMON.unixAddress(), project, List.of(
                "--frontend", "dockerfile.v0", "--local", "context=" + project));
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).contains("dockerfile");
    }

    @Test
    void aFrontendDisabledInBuildkitdTomlNamesTheSetting(@TempDir Path tmp) throws Exception {
        Path config = java.nio.file.Files.writeString(tmp.resolve("buildkitd.toml"),
                "[frontend.\"dockerfile.v0\"]\n  enabled = false\n");
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of("Dockerfile", "FROM scratch\n"));
        try (DaemonFixture disabled = DaemonFixture.unixSocket("--config", config.toString()).start()) {
            CommandResult result = DockerfileBuilds.dockerfile(disabled.unixAddress(), project);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.stderr()).contains("frontend dockerfile.v0 is disabled")
                    .contains("[frontend.\"dockerfile.v0\"] enabled = false");
        }
    }
}
