package org.jbuildkit.e2e.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.e2e.dockerfile.DockerfileBuilds.read;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code RUN --mount=…} and heredocs from a Dockerfile through the real buildctl and daemon: a cache mount kept
 * between builds, a secret from {@code --secret} that never lands in the result, a bind of another stage, a tmpfs,
 * and {@code RUN <<EOF} / {@code COPY <<EOF} heredocs.
 */
class DockerfileRunMountsTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    private static String from() {
        return "FROM " + REGISTRY.host() + "/busybox:latest";
    }

    @Test
    void aCacheMountKeepsItsContentBetweenBuilds(@TempDir Path tmp) throws Exception {
        String id = "counter-" + UUID.randomUUID();
        String step = "RUN --mount=type=cache,id=" + id + ",target=/cache n=$(cat /cache/n 2>/dev/null || echo 0);"
                + " n=$((n+1)); echo $n > /cache/n; echo $n > /seen";
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of("Dockerfile", from() + "\n" + step + "\n"));
        CommandResult first = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project,
                "--output", "type=local,dest=" + tmp.resolve("first"));
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(read(tmp.resolve("first/seen"))).isEqualTo("1\n");
        assertThat(tmp.resolve("first/cache/n")).doesNotExist();

        Files.writeString(project.resolve("Dockerfile"), from() + "\n" + step + " && echo changed\n");
        CommandResult second = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project,
                "--output", "type=local,dest=" + tmp.resolve("second"));
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(read(tmp.resolve("second/seen"))).isEqualTo("2\n");
    }

    @Test
    void aCacheMountWithOwnerAndModeStartsAsThatDirAndIsSeededFromAnotherStage(@TempDir Path tmp) throws Exception {
        String owned = "owned-" + UUID.randomUUID();
        String seeded = "seeded-" + UUID.randomUUID();
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of("Dockerfile",
                from() + " AS seed\nRUN mkdir -p /data && echo from-seed > /data/hello\n\n" + from() + "\n"
                        + "RUN --mount=type=cache,id=" + owned + ",target=/cache,uid=1234,gid=2345,mode=0750"
                        + " stat -c '%u:%g:%a' /cache > /owned && touch /cache/kept\n"
                        + "RUN --mount=type=cache,id=" + owned + ",target=/cache,uid=1234,gid=2345,mode=0750"
                        + " ls /cache > /second\n"
                        + "RUN --mount=type=cache,id=" + seeded + ",target=/c,from=seed,source=/data"
                        + " cat /c/hello > /seeded && echo more > /c/more\n"
                        + "RUN --mount=type=cache,id=" + seeded + ",target=/c,from=seed,source=/data ls /c > /again\n"));
        Path out = tmp.resolve("out");
        CommandResult result = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project,
                "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(read(out.resolve("owned")).strip()).isEqualTo("1234:2345:750");
        assertThat(read(out.resolve("second")).strip()).isEqualTo("kept");
        assertThat(read(out.resolve("seeded")).strip()).isEqualTo("from-seed");
        // The seed is copied once, when the cache is made; later writes stay in the cache, not in the seed.
        assertThat(read(out.resolve("again")).split("\n")).containsExactly("hello", "more");
    }

    @Test
    void aSecretIsReadableInItsStepAndNeverInTheResult(@TempDir Path tmp) throws Exception {
        Path secret = Files.writeString(tmp.resolve("token"), "s3cr3t-value");
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of("Dockerfile", from() + "\n"
                + "RUN --mount=type=secret,id=token wc -c < /run/secrets/token > /length && ls /run/secrets > /names\n"));
        Path out = tmp.resolve("out");
        CommandResult result = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project,
                "--secret", "id=token,src=" + secret, "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(read(out.resolve("length")).strip()).isEqualTo("12");
        assertThat(read(out.resolve("names")).strip()).isEqualTo("token");
        assertThat(out.resolve("run/secrets/token")).doesNotExist();
        assertThat(result.stderr()).doesNotContain("s3cr3t-value");
    }

    @Test
    void aBindOfAnotherStageAndATmpfsAreMountedForTheStepOnly(@TempDir Path tmp) throws Exception {
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of("Dockerfile",
                from() + " AS tools\nRUN mkdir /tools && echo tool-output > /tools/out\n\n"
                        + from() + "\n"
                        + "RUN --mount=type=bind,from=tools,source=/tools,target=/mnt/tools"
                        + " --mount=type=tmpfs,target=/scratch"
                        + " cat /mnt/tools/out > /used && echo temp > /scratch/t && grep -q tmpfs /proc/mounts"
                        + " && grep /scratch /proc/mounts | cut -d' ' -f3 > /scratch-type\n"));
        Path out = tmp.resolve("out");
        CommandResult result = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project,
                "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(read(out.resolve("used"))).isEqualTo("tool-output\n");
        assertThat(read(out.resolve("scratch-type")).strip()).isEqualTo("tmpfs");
        assertThat(out.resolve("scratch/t")).doesNotExist();
        assertThat(out.resolve("mnt/tools/out")).doesNotExist();
    }

    @Test
    void heredocsRunScriptsAndWriteFiles(@TempDir Path tmp) throws Exception {
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of("Dockerfile", from() + "\n"
                + "RUN <<EOF\n"
                + "echo first > /script-out\n"
                + "echo second >> /script-out\n"
                + "EOF\n"
                + "COPY <<EOF /etc/app.conf\n"
                + "name=app\n"
                + "EOF\n"
                + "RUN <<-EOT sh\n"
                + "\techo tabbed > /tabbed\n"
                + "\tEOT\n"));
        Path out = tmp.resolve("out");
        CommandResult result = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project,
                "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(read(out.resolve("script-out"))).isEqualTo("first\nsecond\n");
        assertThat(read(out.resolve("etc/app.conf"))).isEqualTo("name=app\n");
        assertThat(read(out.resolve("tabbed"))).isEqualTo("tabbed\n");
    }
}
