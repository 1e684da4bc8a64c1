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
 * The frontend's {@code --opt}s through the real buildctl: {@code build-arg:}, {@code filename} as a path inside the
 * dockerfile local (the seed's {@code --local dockerfile=./linux/ --opt filename=my-app.docker}, run from the
 * project directory), named contexts ({@code context:NAME=docker-image://…} and {@code local:}), and {@code no-cache}
 * for the whole build or only the named stages.
 */
class DockerfileOptsTest {
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
    void aBuildArgReplacesTheArgsDefault(@TempDir Path tmp) throws Exception {
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of("Dockerfile",
                "ARG BASE=" + REGISTRY.host() + "/busybox:latest\nFROM $BASE\nARG NAME=nobody\n"
                        + "RUN echo \"hello $NAME\" > /greeting\n"));
        Path out = tmp.resolve("out");
        CommandResult result = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project,
                "--opt", "build-arg:NAME=world", "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(read(out.resolve("greeting"))).isEqualTo("hello world\n");

        Path defaults = tmp.resolve("defaults");
        CommandResult unset = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project,
                "--output", "type=local,dest=" + defaults);
        assertThat(unset.exitCode()).as(unset.toString()).isZero();
        assertThat(read(defaults.resolve("greeting"))).isEqualTo("hello nobody\n");
    }

    @Test
    void theSeedsDockerfileInASubdirectoryWithItsOwnName(@TempDir Path tmp) throws Exception {
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of(
                "linux/my-app.docker", from() + "\nCOPY app.txt /app/\nRUN cat /app/app.txt > /app/copied\n",
                "app.txt", "from the context\n"));
        Path out = tmp.resolve("out");
        CommandResult result = DockerfileBuilds.build(DAEMON.unixAddress(), project, List.of(
                "--frontend=dockerfile.v0", "--local", "context=.", "--local", "dockerfile=./linux/",
                "--opt", "filename=my-app.docker", "--output", "type=local,dest=" + out));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).contains("[internal] load build definition from my-app.docker");
        assertThat(read(out.resolve("app/copied"))).isEqualTo("from the context\n");
    }

    @Test
    void filenameMayBeAPathInsideTheDockerfileLocal(@TempDir Path tmp) throws Exception {
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of(
                "Dockerfile", "FROM scratch\nCOPY top.txt /which\n",
                "sub/Dockerfile", "FROM scratch\nCOPY sub.txt /which\n",
                "top.txt", "top\n", "sub.txt", "sub\n"));
        Path out = tmp.resolve("out");
        CommandResult result = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project,
                "--opt", "filename=sub/Dockerfile", "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).contains("[internal] load build definition from sub/Dockerfile");
        assertThat(read(out.resolve("which"))).isEqualTo("sub\n");
    }

    @Test
    void namedContextsReplaceAnImageAndAddALocalDirectory(@TempDir Path tmp) throws Exception {
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of("Dockerfile",
                "FROM base\nCOPY --from=assets logo.txt /assets/\nRUN cat /assets/logo.txt > /assets/seen\n"));
        Path assets = DockerfileBuilds.project(tmp.resolve("assets"), Map.of("logo.txt", "a logo\n"));
        Path out = tmp.resolve("out");
        CommandResult result = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project,
                "--opt", "context:base=docker-image://" + REGISTRY.host() + "/busybox:latest",
                "--local", "assets-dir=" + assets, "--opt", "context:assets=local:assets-dir",
                "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(read(out.resolve("assets/seen"))).isEqualTo("a logo\n");
        assertThat(out.resolve("bin/busybox")).exists();
    }

    private static Path twoStages(Path tmp) {
        String from = from();
        return DockerfileBuilds.project(tmp.resolve("project"), Map.of("Dockerfile",
                from + " AS first\nRUN echo first-ran > /first\n\n"
                        + from + " AS second\nRUN echo second-ran > /second\n\n"
                        + "FROM scratch\nCOPY --from=first /first /\nCOPY --from=second /second /\n"));
    }

    @Test
    void noCacheWithoutStagesRunsEveryStepAgain(@TempDir Path tmp) throws Exception {
        Path project = twoStages(tmp);
        CommandResult first = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        CommandResult again = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project);
        assertThat(DockerfileBuilds.cached(again, "RUN echo first-ran")).as(again.stderr()).isTrue();

        CommandResult noCache = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project, "--no-cache");
        assertThat(noCache.exitCode()).as(noCache.toString()).isZero();
        assertThat(DockerfileBuilds.cached(noCache, "RUN echo first-ran")).as(noCache.stderr()).isFalse();
        assertThat(DockerfileBuilds.cached(noCache, "RUN echo second-ran")).as(noCache.stderr()).isFalse();

        CommandResult emptyOpt = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project, "--opt", "no-cache=");
        assertThat(emptyOpt.exitCode()).as(emptyOpt.toString()).isZero();
        assertThat(DockerfileBuilds.cached(emptyOpt, "RUN echo first-ran")).as(emptyOpt.stderr()).isFalse();
        assertThat(DockerfileBuilds.cached(emptyOpt, "RUN echo second-ran")).as(emptyOpt.stderr()).isFalse();
    }

    @Test
    void noCacheWithAStageListRunsOnlyThoseStagesAgain(@TempDir Path tmp) throws Exception {
        Path project = twoStages(tmp);
        CommandResult first = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        CommandResult some = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project, "--opt", "no-cache=second");
        assertThat(some.exitCode()).as(some.toString()).isZero();
        assertThat(DockerfileBuilds.cached(some, "RUN echo first-ran")).as(some.stderr()).isTrue();
        assertThat(DockerfileBuilds.cached(some, "RUN echo second-ran")).as(some.stderr()).isFalse();
    }
}
