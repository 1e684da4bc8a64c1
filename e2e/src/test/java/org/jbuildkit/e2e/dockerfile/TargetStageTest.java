package org.jbuildkit.e2e.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.e2e.dockerfile.DockerfileBuilds.read;

import java.nio.file.Files;
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
 * {@code --opt target=} builds the named stage and only what it needs: the progress stream never shows a step of a
 * stage the target does not depend on; without a target the last stage is built.
 */
class TargetStageTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    private static Path project(Path tmp) {
        String from = "FROM " + REGISTRY.host() + "/busybox:latest";
        return DockerfileBuilds.project(tmp.resolve("project"), Map.of("Dockerfile",
                from + " AS base\nRUN echo base-step > /base\n\n"
                        + from + " AS unneeded\nRUN echo unneeded-step > /unneeded\n\n"
                        + "FROM base AS wanted\nRUN echo wanted-step > /wanted\n\n"
                        + "FROM unneeded AS last\nRUN echo last-step > /last\n"));
    }

    @Test
    void aTargetBuildsNoStageItDoesNotNeed(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        CommandResult result = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project(tmp),
                "--opt", "target=wanted", "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(DockerfileBuilds.showsVertex(result, "RUN echo base-step")).as(result.stderr()).isTrue();
        assertThat(DockerfileBuilds.showsVertex(result, "RUN echo wanted-step")).as(result.stderr()).isTrue();
        assertThat(result.stderr()).doesNotContain("unneeded-step").doesNotContain("last-step");
        assertThat(read(out.resolve("wanted"))).isEqualTo("wanted-step\n");
        assertThat(read(out.resolve("base"))).isEqualTo("base-step\n");
        assertThat(Files.exists(out.resolve("unneeded"))).isFalse();
    }

    @Test
    void withoutATargetTheLastStageIsBuilt(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        CommandResult result = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project(tmp),
                "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).doesNotContain("base-step").doesNotContain("wanted-step");
        assertThat(read(out.resolve("last"))).isEqualTo("last-step\n");
        assertThat(read(out.resolve("unneeded"))).isEqualTo("unneeded-step\n");
    }

    @Test
    void anUnknownTargetNamesTheStagesThereAre(@TempDir Path tmp) throws Exception {
        CommandResult result = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project(tmp),
                "--opt", "target=nope");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("nope");
    }
}
