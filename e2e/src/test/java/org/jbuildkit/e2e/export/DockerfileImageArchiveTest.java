package org.jbuildkit.e2e.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.e2e.export.ImageArchives.config;
import static org.jbuildkit.e2e.export.ImageArchives.files;
import static org.jbuildkit.e2e.export.ImageArchives.json;
import static org.jbuildkit.e2e.export.ImageArchives.manifest;
import static org.jbuildkit.e2e.export.ImageArchives.podman;
import static org.jbuildkit.e2e.export.ImageArchives.skopeo;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Dockerfile build exported as an image archive: the config the Dockerfile frontend made (Env, Cmd, WorkingDir,
 * User, ExposedPorts, Labels, the base's and the new history) with diff_ids and created times filled in by the
 * exporter, one layer per filesystem step, read back by skopeo.
 */
class DockerfileImageArchiveTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    private static Path project(Path tmp) throws Exception {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(project.resolve("Dockerfile"), "FROM " + REGISTRY.host() + "/busybox:latest\n"
                + "ENV GREETING=hello\n"
                + "WORKDIR /app\n"
                + "COPY data.txt ./\n"
                + "RUN echo built > built.txt\n"
                + "USER 1000:1000\n"
                + "EXPOSE 8080/tcp\n"
                + "LABEL org.example.role=test\n"
                + "CMD [\"sh\", \"-c\", \"cat data.txt\"]\n");
        Files.writeString(project.resolve("data.txt"), "data\n");
        return project;
    }

    private static CommandResult dockerfileBuild(Path project, String... extra) {
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(), "--addr",
                DAEMON.unixAddress(), "build", "--progress", "plain", "--frontend", "dockerfile.v0",
                "--local", "context=" + project, "--local", "dockerfile=" + project));
        command.addAll(List.of(extra));
        return Commands.run(command, Map.of(), 300);
    }

    @Test
    void theFrontendsConfigAndHistoryReachTheArchive(@TempDir Path tmp) throws Exception {
        Path archive = tmp.resolve("image.tar");
        CommandResult result = dockerfileBuild(project(tmp), "--output",
                "type=docker,dest=" + archive + ",name=example.test/df:1");
        assertThat(result.exitCode()).as(result.toString()).isZero();

        Map<String, byte[]> files = files(archive);
        JsonNode config = config(files);
        JsonNode inner = config.path("config");
        assertThat(inner.path("Env")).extracting(JsonNode::asText).contains("GREETING=hello");
        assertThat(inner.path("Cmd")).extracting(JsonNode::asText).containsExactly("sh", "-c", "cat data.txt");
        assertThat(inner.path("WorkingDir").asText()).isEqualTo("/app");
        assertThat(inner.path("User").asText()).isEqualTo("1000:1000");
        assertThat(inner.path("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(inner.path("Labels").path("org.example.role").asText()).isEqualTo("test");

        int layers = manifest(files).path("layers").size();
        assertThat(config.path("rootfs").path("diff_ids")).hasSize(layers);
        List<String> createdBy = new ArrayList<>();
        int nonEmpty = 0;
        for (JsonNode entry : config.path("history")) {
            createdBy.add(entry.path("created_by").asText());
            assertThat(entry.path("created").asText()).as("created of %s", entry).isNotEmpty();
            if (!entry.path("empty_layer").asBoolean(false)) {
                nonEmpty++;
            }
        }
        assertThat(nonEmpty).isEqualTo(layers);
        assertThat(createdBy).anySatisfy(c -> assertThat(c).contains("ENV GREETING=hello"))
                .anySatisfy(c -> assertThat(c).contains("WORKDIR /app"))
                .anySatisfy(c -> assertThat(c).contains("COPY data.txt"))
                .anySatisfy(c -> assertThat(c).contains("RUN").contains("echo built > built.txt"))
                .anySatisfy(c -> assertThat(c).contains("USER 1000:1000"))
                .anySatisfy(c -> assertThat(c).contains("EXPOSE"))
                .anySatisfy(c -> assertThat(c).contains("CMD"));

        JsonNode inspected = json(skopeo("inspect", "--config", "docker-archive:" + archive));
        assertThat(inspected.path("config").path("WorkingDir").asText()).isEqualTo("/app");
        assertThat(inspected.path("rootfs").path("diff_ids")).hasSize(layers);
    }

    @Test
    void podmanLoadsTheDockerArchiveAndRunsItsCmd(@TempDir Path tmp) throws Exception {
        Path archive = tmp.resolve("image.tar");
        CommandResult result = dockerfileBuild(project(tmp), "--output",
                "type=docker,dest=" + archive + ",name=example.test/df:run");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Path store = tmp.resolve("podman");

        assertThat(podman(store, "load", "-i", archive.toString())).contains("Loaded image: example.test/df:run");
        String output = podman(store, "run", "--rm", "--runtime", "runc", "--network", "none",
                "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1000:1000", "example.test/df:run");
        assertThat(output).isEqualTo("data\n");
        assertThat(podman(store, "run", "--rm", "--runtime", "runc", "--network", "none",
                "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1000:1000", "example.test/df:run",
                "sh", "-c", "id -u; pwd; cat built.txt; echo $GREETING")).isEqualTo("1000\n/app\nbuilt\nhello\n");
    }

    @Test
    void sourceDateEpochAsABuildArgClampsTheDockerfileImagesTimes(@TempDir Path tmp) throws Exception {
        Path archive = tmp.resolve("epoch.tar");
        CommandResult result = dockerfileBuild(project(tmp), "--opt", "build-arg:SOURCE_DATE_EPOCH=1700000000",
                "--output", "type=oci,dest=" + archive);
        assertThat(result.exitCode()).as(result.toString()).isZero();

        JsonNode config = config(files(archive));
        assertThat(config.path("created").asText()).isEqualTo("2023-11-14T22:13:20Z");
        for (JsonNode entry : config.path("history")) {
            assertThat(java.time.Instant.parse(entry.path("created").asText()))
                    .isBeforeOrEqualTo(java.time.Instant.ofEpochSecond(1_700_000_000L));
        }
    }
}
