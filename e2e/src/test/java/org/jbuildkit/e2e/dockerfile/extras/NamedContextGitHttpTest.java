package org.jbuildkit.e2e.dockerfile.extras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.e2e.dockerfile.extras.ExtrasBuilds.read;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.GitDaemonFixture;
import org.jbuildkit.e2e.fixtures.GitRepository;
import org.jbuildkit.e2e.fixtures.HttpFileServer;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --opt context:NAME=} with a git repository (a real {@code git daemon}: branch, tag and subdir) and an
 * http URL (a file served on 127.0.0.1) through the real buildctl and daemon, replacing a stage in FROM and
 * {@code COPY --from}; {@code oci-layout://} refused with the way around.
 */
class NamedContextGitHttpTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();
    @RegisterExtension
    static final GitDaemonFixture GIT = new GitDaemonFixture();
    @RegisterExtension
    static final HttpFileServer FILES = HttpFileServer.plainHttp();

    private static final byte[] DOWNLOAD = "served over http\n".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void pushBaseServeAFileAndFillARepository(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
        FILES.serve("/files/notes.txt", new HttpFileServer.File(DOWNLOAD, "\"n1\"",
                Instant.parse("2026-01-02T03:04:05Z"), null));
        GitRepository repo = GIT.repository("app.git");
        repo.write(Map.of("README", "version one\n", "docs/guide.txt", "guide one\n", "run.sh*", "#!/bin/sh\n"));
        repo.commit("one");
        repo.annotatedTag("v1");
        repo.write(Map.of("README", "version two\n"));
        repo.commit("two");
    }

    @Test
    void aGitContextReplacesTheStageCopiedFrom(@TempDir Path tmp) {
        Path project = ExtrasBuilds.project(tmp.resolve("project"), Map.of("Dockerfile",
                "FROM scratch AS src\n"
                        + "FROM scratch\n"
                        + "COPY --from=src / /main/\n"
                        + "COPY --from=tagged / /tagged/\n"
                        + "COPY --from=docs / /docs/\n"));
        Path out = tmp.resolve("out");
        CommandResult result = ExtrasBuilds.dockerfile(DAEMON.unixAddress(), project,
                "--opt", "context:src=" + GIT.url("app.git") + "#main",
                "--opt", "context:tagged=" + GIT.url("app.git") + "#v1",
                "--opt", "context:docs=" + GIT.url("app.git") + "#main:docs",
                "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(read(out.resolve("main/README"))).isEqualTo("version two\n");
        assertThat(out.resolve("main/run.sh")).isExecutable();
        assertThat(out.resolve("main/.git")).doesNotExist();
        assertThat(read(out.resolve("tagged/README"))).isEqualTo("version one\n");
        assertThat(read(out.resolve("docs/guide.txt"))).isEqualTo("guide one\n");
        assertThat(out.resolve("docs/README")).doesNotExist();
        assertThat(result.stderr()).contains("[internal] load git source " + GIT.url("app.git") + "#main");
    }

    @Test
    void aGitContextCanBeTheBaseOfAStage(@TempDir Path tmp) {
        Path project = ExtrasBuilds.project(tmp.resolve("project"), Map.of("Dockerfile",
                "FROM " + REGISTRY.host() + "/busybox:latest AS tools\n"
                        + "FROM sources AS checkout\n"
                        + "COPY --from=tools /bin/busybox /bin/busybox\n"
                        + "RUN [\"/bin/busybox\", \"sh\", \"-c\", \"/bin/busybox cat /README > /seen.txt\"]\n"));
        Path out = tmp.resolve("out");
        CommandResult result = ExtrasBuilds.dockerfile(DAEMON.unixAddress(), project,
                "--opt", "context:sources=" + GIT.url("app.git") + "#v1", "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(read(out.resolve("seen.txt"))).isEqualTo("version one\n");
    }

    @Test
    void anHttpContextIsTheDownloadedFileNamedContext(@TempDir Path tmp) {
        Path project = ExtrasBuilds.project(tmp.resolve("project"), Map.of("Dockerfile",
                "FROM scratch\nCOPY --from=notes /context /notes.txt\n"));
        Path out = tmp.resolve("out");
        CommandResult result = ExtrasBuilds.dockerfile(DAEMON.unixAddress(), project,
                "--opt", "context:notes=" + FILES.url("/files/notes.txt"), "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(out.resolve("notes.txt")).hasBinaryContent(DOWNLOAD);
        assertThat(result.stderr()).contains("[context notes] " + FILES.url("/files/notes.txt"));
    }

    @Test
    void anOciLayoutContextIsRefusedWithTheWayAround(@TempDir Path tmp) {
        Path project = ExtrasBuilds.project(tmp.resolve("project"), Map.of("Dockerfile",
                "FROM scratch\nCOPY --from=img / /\n"));
        CommandResult result = ExtrasBuilds.dockerfile(DAEMON.unixAddress(), project,
                "--opt", "context:img=oci-layout://store@sha256:" + "a".repeat(64));
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).contains("oci-layout:// contexts are not supported yet")
                .contains("docker-image://").contains("Dockerfile:2");
    }
}
