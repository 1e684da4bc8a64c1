package org.jbuildkit.e2e.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.e2e.dockerfile.DockerfileBuilds.read;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .dockerignore} keeps files out of the context, as upstream: the context's own, or
 * {@code <filename>.dockerignore} next to the Dockerfile, which wins over it; exceptions ({@code !}) bring files back.
 */
class DockerignoreTest {
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    private static Map<String, String> context(String dockerignore) {
        return Map.of("Dockerfile", "FROM scratch\nCOPY . /ctx/\n",
                ".dockerignore", dockerignore,
                "app/main.txt", "main\n",
                "app/debug.log", "noise\n",
                "app/keep.log", "kept\n",
                "secret.env", "TOKEN=do-not-ship\n",
                "node_modules/pkg/index.js", "big\n");
    }

    @Test
    void theContextsDockerignoreKeepsFilesOutOfTheResult(@TempDir Path tmp) throws Exception {
        Path project = DockerfileBuilds.project(tmp.resolve("project"),
                context("# build inputs only\nsecret.env\n**/*.log\n!app/keep.log\nnode_modules\n"));
        Path out = tmp.resolve("out");
        CommandResult result = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project,
                "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).contains("[internal] load .dockerignore");
        assertThat(read(out.resolve("ctx/app/main.txt"))).isEqualTo("main\n");
        assertThat(read(out.resolve("ctx/app/keep.log"))).isEqualTo("kept\n");
        assertThat(Files.exists(out.resolve("ctx/app/debug.log"))).isFalse();
        assertThat(Files.exists(out.resolve("ctx/secret.env"))).isFalse();
        assertThat(Files.exists(out.resolve("ctx/node_modules"))).isFalse();
    }

    @Test
    void theDockerfilesOwnIgnoreFileWinsOverTheContexts(@TempDir Path tmp) throws Exception {
        Path project = DockerfileBuilds.project(tmp.resolve("project"), context("app\n"));
        Path dockerfiles = DockerfileBuilds.project(tmp.resolve("dockerfiles"), Map.of(
                "release.Dockerfile", "FROM scratch\nCOPY . /ctx/\n",
                "release.Dockerfile.dockerignore", "secret.env\nnode_modules\n"));
        Path out = tmp.resolve("out");
        CommandResult result = DockerfileBuilds.build(DAEMON.unixAddress(), project, List.of(
                "--frontend", "dockerfile.v0", "--local", "context=" + project, "--local", "dockerfile=" + dockerfiles,
                "--opt", "filename=release.Dockerfile", "--output", "type=local,dest=" + out));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).doesNotContain("[internal] load .dockerignore");
        // The context's .dockerignore excluded app/; the Dockerfile's own file replaces it entirely.
        assertThat(read(out.resolve("ctx/app/main.txt"))).isEqualTo("main\n");
        assertThat(Files.exists(out.resolve("ctx/secret.env"))).isFalse();
        assertThat(Files.exists(out.resolve("ctx/node_modules"))).isFalse();
        assertThat(Files.exists(out.resolve("ctx/.dockerignore"))).isTrue();
    }

    @Test
    void withoutAnyIgnoreFileTheWholeContextIsSent(@TempDir Path tmp) throws Exception {
        Path project = DockerfileBuilds.project(tmp.resolve("project"), context(""));
        Files.delete(project.resolve(".dockerignore"));
        Path out = tmp.resolve("out");
        CommandResult result = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project,
                "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(read(out.resolve("ctx/secret.env"))).isEqualTo("TOKEN=do-not-ship\n");
        assertThat(read(out.resolve("ctx/app/debug.log"))).isEqualTo("noise\n");
    }
}
