package org.jbuildkit.e2e.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.e2e.dockerfile.DockerfileBuilds.read;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code buildctl build --frontend dockerfile.v0} through the real client and daemon, on each snapshotter: the files,
 * owners, modes and environment of the result (exported with {@code --output type=local}), the steps' user, env and
 * working directory as they saw them, upstream's {@code [internal]} loading steps, a rebuild served from the cache,
 * and the {@code gateway.v0}/{@code # syntax=} ways of naming the official Dockerfile frontend.
 */
class DockerfileBuildTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture OVERLAY = DaemonFixture.unixSocket("--oci-worker-snapshotter", "overlayfs");
    @RegisterExtension
    static final DaemonFixture NATIVE = DaemonFixture.unixSocket("--oci-worker-snapshotter", "native");

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    private static String dockerfile() {
        return "FROM " + REGISTRY.host() + "/busybox:latest\n"
                + "ENV GREETING=hello PATH=/opt/bin:$PATH\n"
                + "WORKDIR /work\n"
                + "COPY --chown=1234:5678 --chmod=640 data.txt /work/data.txt\n"
                + "COPY tool.sh /opt/bin/\n"
                + "RUN id > /work/id.txt && env | sort > /work/env.txt && pwd > /work/pwd.txt\n"
                + "USER 1000:1001\n"
                + "WORKDIR /tmp/user\n"
                + "RUN id > id.txt && pwd > pwd.txt && echo \"$GREETING\" > greeting.txt\n";
    }

    private static Path project(Path tmp) throws Exception {
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of("Dockerfile", dockerfile(),
                "data.txt", "some data\n", "tool.sh", "#!/bin/sh\necho tool\n"));
        Files.setPosixFilePermissions(project.resolve("tool.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        return project;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"overlayfs", "native"})
    void theResultHasTheFilesOwnersModesAndEnvironmentTheDockerfileSays(String snapshotter, @TempDir Path tmp)
            throws Exception {
        DaemonFixture daemon = snapshotter.equals("native") ? NATIVE : OVERLAY;
        Path out = tmp.resolve("out");
        Path tar = tmp.resolve("out.tar");
        CommandResult result = DockerfileBuilds.dockerfile(daemon.unixAddress(), project(tmp),
                "--output", "type=local,dest=" + out, "--output", "type=tar,dest=" + tar);
        assertThat(result.exitCode()).as(result.toString()).isZero();

        Path data = out.resolve("work/data.txt");
        assertThat(read(data)).isEqualTo("some data\n");
        // A local output is owned by the client's user, as upstream's buildctl writes it; the tar keeps the owners.
        Map<String, String> owners = tarOwners(tar);
        assertThat(owners).containsEntry("work/data.txt", "1234:5678 640").containsEntry("tmp/user/id.txt",
                "1000:1001 644");
        assertThat(owners.get("tmp/user/")).startsWith("1000:1001 ");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rw-r-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("opt/bin/tool.sh"))))
                .isEqualTo("rwxr-x---");

        assertThat(read(out.resolve("work/id.txt"))).startsWith("uid=0(root) gid=0(root)");
        assertThat(read(out.resolve("work/pwd.txt"))).isEqualTo("/work\n");
        assertThat(read(out.resolve("work/env.txt")).lines())
                .contains("GREETING=hello", "PATH=/opt/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");

        assertThat(read(out.resolve("tmp/user/id.txt"))).startsWith("uid=1000 gid=1001");
        assertThat(read(out.resolve("tmp/user/pwd.txt"))).isEqualTo("/tmp/user\n");
        assertThat(read(out.resolve("tmp/user/greeting.txt"))).isEqualTo("hello\n");
    }

    /** Each entry of a tar as {@code uid:gid mode} (octal permission bits). */
    private static Map<String, String> tarOwners(Path tar) throws Exception {
        Map<String, String> owners = new java.util.TreeMap<>();
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(Files.newInputStream(tar))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                owners.put(entry.getName().replaceFirst("^\\./", ""), entry.getLongUserId() + ":"
                        + entry.getLongGroupId() + " " + Integer.toOctalString(entry.getMode() & 07777));
            }
        }
        return owners;
    }

    @Test
    void progressShowsUpstreamsLoadingStepsThenTheNumberedSteps(@TempDir Path tmp) throws Exception {
        CommandResult result = DockerfileBuilds.dockerfile(OVERLAY.unixAddress(), project(tmp));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr())
                .contains("[internal] load build definition from Dockerfile")
                .contains("transferring dockerfile:")
                .contains("[internal] load .dockerignore")
                .contains("[internal] load metadata for " + REGISTRY.host() + "/busybox:latest")
                .containsPattern("\\[1/\\d+\\] FROM " + REGISTRY.host() + "/busybox:latest@sha256:[0-9a-f]{64}")
                .containsPattern("\\[\\d+/\\d+\\] RUN id > /work/id.txt");
    }

    @Test
    void aRebuildOfTheSameProjectIsServedFromTheCache(@TempDir Path tmp) throws Exception {
        Path project = project(tmp);
        CommandResult first = DockerfileBuilds.dockerfile(OVERLAY.unixAddress(), project);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        CommandResult second = DockerfileBuilds.dockerfile(OVERLAY.unixAddress(), project);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(DockerfileBuilds.cached(second, "RUN id > /work/id.txt")).as(second.stderr()).isTrue();
        assertThat(DockerfileBuilds.cached(second, "RUN id > id.txt")).as(second.stderr()).isTrue();
    }

    @Test
    void gatewayWithTheOfficialDockerfileImageIsServedByTheBuiltInFrontend(@TempDir Path tmp) throws Exception {
        Path project = project(tmp);
        Path out = tmp.resolve("out");
        CommandResult result = DockerfileBuilds.build(OVERLAY.unixAddress(), project, java.util.List.of(
                "--frontend", "gateway.v0", "--opt", "source=docker/dockerfile:1", "--local", "context=" + project,
                "--local", "dockerfile=" + project, "--output", "type=local,dest=" + out));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).contains("frontend image docker/dockerfile:1 is served by the built-in"
                + " Dockerfile frontend");
        assertThat(read(out.resolve("work/pwd.txt"))).isEqualTo("/work\n");
    }

    @Test
    void aSyntaxLineNamingTheOfficialImageBuildsWithTheBuiltInFrontend(@TempDir Path tmp) throws Exception {
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of("Dockerfile",
                "# syntax=docker/dockerfile:1\nFROM " + REGISTRY.host() + "/busybox:latest\nRUN echo hi > /hi\n"));
        Path out = tmp.resolve("out");
        CommandResult result = DockerfileBuilds.dockerfile(OVERLAY.unixAddress(), project,
                "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).contains("# syntax=docker/dockerfile:1 is served by");
        assertThat(read(out.resolve("hi"))).isEqualTo("hi\n");
    }

    @Test
    void aSyntaxLineNamingAnyOtherImageIsRefusedClearly(@TempDir Path tmp) throws Exception {
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of("Dockerfile",
                "# syntax=example.com/frontends/custom:1\nFROM scratch\n"));
        CommandResult result = DockerfileBuilds.dockerfile(OVERLAY.unixAddress(), project);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("example.com/frontends/custom:1").contains("not supported yet");
    }

    @Test
    void aScratchStageWithOnlyConfigBuildsTheEmptyTree(@TempDir Path tmp) throws Exception {
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of("Dockerfile",
                "FROM scratch\nENV A=b\nLABEL purpose=test\nCMD [\"/nothing\"]\n"));
        Path out = tmp.resolve("out");
        CommandResult result = DockerfileBuilds.dockerfile(OVERLAY.unixAddress(), project,
                "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        try (var entries = Files.list(out)) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void anEditedDockerfileIsReadAgainEvenWithTheSameSizeAndModificationTime(@TempDir Path tmp) throws Exception {
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of("Dockerfile",
                "FROM " + REGISTRY.host() + "/busybox:latest\nRUN echo aaaa > /x\n"));
        java.nio.file.attribute.FileTime mtime = Files.getLastModifiedTime(project.resolve("Dockerfile"));
        CommandResult first = DockerfileBuilds.dockerfile(OVERLAY.unixAddress(), project,
                "--output", "type=local,dest=" + tmp.resolve("first"));
        assertThat(first.exitCode()).as(first.toString()).isZero();
        Files.writeString(project.resolve("Dockerfile"), "FROM " + REGISTRY.host() + "/busybox:latest\nRUN echo bbbb > /x\n");
        Files.setLastModifiedTime(project.resolve("Dockerfile"), mtime);
        CommandResult second = DockerfileBuilds.dockerfile(OVERLAY.unixAddress(), project,
                "--output", "type=local,dest=" + tmp.resolve("second"));
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(read(tmp.resolve("second/x"))).isEqualTo("bbbb\n");
    }

    @Test
    void anUnknownFrontendIsRefusedListingTheAvailableOnes(@TempDir Path tmp) throws Exception {
        Path project = project(tmp);
        CommandResult result = DockerfileBuilds.build(OVERLAY.unixAddress(), project, java.util.List.of(
                "--frontend", "dockerfile.v2", "--local", "context=" + project, "--local", "dockerfile=" + project));
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("unknown frontend 'dockerfile.v2'").contains("dockerfile.v0")
                .contains("gateway.v0 with --opt source=docker/dockerfile[:tag]");
        CommandResult other = DockerfileBuilds.build(OVERLAY.unixAddress(), project, java.util.List.of(
                "--frontend", "gateway.v0", "--opt", "source=example.com/frontends/custom:1", "--local",
                "context=" + project, "--local", "dockerfile=" + project));
        assertThat(other.exitCode()).isNotZero();
        assertThat(other.stderr()).contains("frontend image example.com/frontends/custom:1 cannot run");
    }
}
