package org.jbuildkit.e2e.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.e2e.dockerfile.DockerfileBuilds.read;

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
 * Independent stages of a multi-stage Dockerfile run at the same time: three stages each write when their step
 * started and ended (seconds since the epoch) around a three-second sleep; the final stage collects them. Had they
 * run one after another, some stage would have started only after another ended.
 */
class ParallelStagesTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    private static String stage(String name) {
        return "FROM " + REGISTRY.host() + "/busybox:latest AS " + name + "\n"
                + "RUN mkdir -p /out && date +%s > /out/start && sleep 3 && date +%s > /out/end && echo " + name
                + " > /out/name\n\n";
    }

    @Test
    void threeIndependentStagesStepsOverlapInTime(@TempDir Path tmp) throws Exception {
        String dockerfile = stage("a") + stage("b") + stage("c")
                + "FROM scratch\n"
                + "COPY --from=a /out /a\n"
                + "COPY --from=b /out /b\n"
                + "COPY --from=c /out /c\n";
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of("Dockerfile", dockerfile));
        Path out = tmp.resolve("out");
        CommandResult result = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project,
                "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();

        long latestStart = 0;
        long earliestEnd = Long.MAX_VALUE;
        for (String stage : List.of("a", "b", "c")) {
            assertThat(read(out.resolve(stage + "/name"))).isEqualTo(stage + "\n");
            long start = Long.parseLong(read(out.resolve(stage + "/start")).strip());
            long end = Long.parseLong(read(out.resolve(stage + "/end")).strip());
            assertThat(end - start).isGreaterThanOrEqualTo(3);
            latestStart = Math.max(latestStart, start);
            earliestEnd = Math.min(earliestEnd, end);
        }
        assertThat(latestStart).as("every stage started before any ended: they ran at the same time")
                .isLessThan(earliestEnd);
    }
}
