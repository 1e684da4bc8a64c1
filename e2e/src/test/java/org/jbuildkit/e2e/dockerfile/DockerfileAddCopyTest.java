package org.jbuildkit.e2e.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.e2e.dockerfile.DockerfileBuilds.read;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.HttpFileServer;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * COPY and ADD from a Dockerfile through the real buildctl and daemon: wildcards, {@code COPY --from} a stage and an
 * image, ADD of a local tar (unpacked, keeping the archive's owners), ADD of a URL with {@code --checksum}, and a
 * wrong checksum refused.
 */
class DockerfileAddCopyTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();
    @RegisterExtension
    static final HttpFileServer FILES = HttpFileServer.plainHttp();

    private static final byte[] DOWNLOAD = "downloaded over http\n".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void pushBaseAndServeAFile(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
        FILES.serve("/files/tool.txt", new HttpFileServer.File(DOWNLOAD, "\"v1\"", Instant.parse("2026-01-02T03:04:05Z"),
                null));
    }

    private static byte[] tar(Map<String, String> files) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void copyAndAddPlaceWhatTheyName(@TempDir Path tmp) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(DOWNLOAD));
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of(
                "Dockerfile", "FROM " + REGISTRY.host() + "/busybox:latest AS build\n"
                        + "RUN mkdir /dist && echo built > /dist/app\n\n"
                        + "FROM scratch\n"
                        + "COPY src/*.txt /txt/\n"
                        + "COPY --from=build /dist/app /bin/app\n"
                        + "COPY --from=" + REGISTRY.host() + "/busybox:latest /bin/busybox /bin/busybox\n"
                        + "ADD bundle.tar /bundle/\n"
                        + "ADD --checksum=sha256:" + sha + " " + FILES.url("/files/tool.txt") + " /downloads/\n",
                "src/a.txt", "a\n", "src/b.txt", "b\n", "src/c.md", "c\n"));
        Files.write(project.resolve("bundle.tar"), tar(Map.of("inside/one.txt", "one\n", "two.txt", "two\n")));
        Path out = tmp.resolve("out");
        CommandResult result = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project,
                "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(read(out.resolve("txt/a.txt"))).isEqualTo("a\n");
        assertThat(read(out.resolve("txt/b.txt"))).isEqualTo("b\n");
        assertThat(out.resolve("txt/c.md")).doesNotExist();
        assertThat(read(out.resolve("bin/app"))).isEqualTo("built\n");
        assertThat(out.resolve("bin/busybox")).isRegularFile();
        assertThat(read(out.resolve("bundle/inside/one.txt"))).isEqualTo("one\n");
        assertThat(read(out.resolve("bundle/two.txt"))).isEqualTo("two\n");
        assertThat(out.resolve("downloads/tool.txt")).hasBinaryContent(DOWNLOAD);
    }

    @Test
    void anAddWithTheWrongChecksumIsRefused(@TempDir Path tmp) throws Exception {
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of("Dockerfile", "FROM scratch\n"
                + "ADD --checksum=sha256:" + "0".repeat(64) + " " + FILES.url("/files/tool.txt") + " /downloads/\n"));
        CommandResult result = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        // As upstream, the failing vertex is the http source, which the source map does not place on a line.
        assertThat(result.stderr()).contains("digest mismatch for " + FILES.url("/files/tool.txt"))
                .contains("sha256:" + "0".repeat(64));
    }
}
