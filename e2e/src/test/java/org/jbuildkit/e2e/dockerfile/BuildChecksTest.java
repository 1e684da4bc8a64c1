package org.jbuildkit.e2e.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
 * Build checks reach the progress stream as upstream's lint warnings: {@code Rule: message (line N)}, printed again
 * at the end with the Dockerfile excerpt marking the line; the build itself succeeds.
 */
class BuildChecksTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    @Test
    void checksAreWarningsWithTheirLineNumbers(@TempDir Path tmp) throws Exception {
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of("Dockerfile",
                "FROM " + REGISTRY.host() + "/busybox:latest AS Build\n"
                        + "ENV key value\n"
                        + "CMD echo hi\n"));
        CommandResult result = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr())
                .containsPattern("WARNING: StageNameCasing: .*'Build'.* \\(line 1\\)")
                .containsPattern("WARNING: LegacyKeyValueFormat: .* \\(line 2\\)")
                .containsPattern("WARNING: JSONArgsRecommended: .* \\(line 3\\)")
                .containsPattern("(?m)^\\s+2 \\| >>> ENV key value$")
                .contains("https://docs.docker.com/go/dockerfile/rule/");
    }

    @Test
    void aCleanDockerfileHasNoWarnings(@TempDir Path tmp) throws Exception {
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of("Dockerfile",
                "FROM " + REGISTRY.host() + "/busybox:latest AS build\nENV key=value\nCMD [\"echo\", \"hi\"]\n"));
        CommandResult result = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).doesNotContain("WARNING:");
    }
}
