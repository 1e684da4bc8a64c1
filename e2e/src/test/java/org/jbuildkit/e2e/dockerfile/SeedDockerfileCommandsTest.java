package org.jbuildkit.e2e.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.e2e.dockerfile.DockerfileBuilds.read;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.ExternalTool;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code buildctl build --frontend dockerfile.v0 …} line of {@code shared/seed/buildkit-notes.md}, against a
 * daemon on {@code tcp://127.0.0.1} and a registry on 127.0.0.1, run from the project directory as written. Their
 * outputs are {@code type=image,…,push=true}: the first line is run as written and its push read back with skopeo;
 * the first is also run with the output swapped to {@code type=local}, asserting the built files. The second, with its
 * registry cache flags, runs as written twice: first with a cache ref that does not exist yet, then on a daemon with
 * an empty root importing what the first run exported. Its cache ref is the image's name, so the cache goes inline
 * into the image (with a warning) instead of replacing the image's tag.
 */
class SeedDockerfileCommandsTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.withTcp();

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    private static CommandResult run(Path workdir, List<String> args) {
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(), "--addr",
                DAEMON.tcpAddress()));
        command.addAll(args);
        return DockerfileBuilds.run(command, workdir);
    }

    private static List<String> replace(List<String> args, String from, String to) {
        return args.stream().map(a -> a.equals(from) ? to : a).toList();
    }

    @Test
    void theKubernetesLineWithTheDockerfileInLinux(@TempDir Path tmp) throws Exception {
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of(
                "linux/my-app.docker", "FROM " + REGISTRY.host() + "/busybox:latest\nCOPY . /src/\n"
                        + "RUN ls /src/linux > /listing\n",
                "main.txt", "app source\n"));
        String image = "type=image,name=" + REGISTRY.host() + "/dev/test,push=true,registry.insecure=true";
        List<String> seed = List.of("build", "--frontend=dockerfile.v0", "--local", "context=.",
                "--local", "dockerfile=./linux/", "--opt", "filename=my-app.docker", "--output", image);

        CommandResult asWritten = run(project, seed);
        assertThat(asWritten.exitCode()).as(asWritten.toString()).isZero();
        assertThat(asWritten.stderr()).contains("pushing manifest for " + REGISTRY.host() + "/dev/test:latest@");
        CommandResult inspected = Commands.run(List.of(ExternalTool.SKOPEO.require().toString(), "inspect",
                "--tls-verify=false", "docker://" + REGISTRY.host() + "/dev/test:latest"));
        assertThat(inspected.exitCode()).as(inspected.toString()).isZero();
        assertThat(inspected.stdout()).contains("\"Layers\"");

        Path out = tmp.resolve("out");
        CommandResult local = run(project, replace(seed, image, "type=local,dest=" + out));
        assertThat(local.exitCode()).as(local.toString()).isZero();
        assertThat(read(out.resolve("src/main.txt"))).isEqualTo("app source\n");
        assertThat(read(out.resolve("listing"))).isEqualTo("my-app.docker\n");
    }

    @Test
    void thePlainHttpRegistryLineWithRegistryCache(@TempDir Path tmp) throws Exception {
        Path project = DockerfileBuilds.project(tmp.resolve("project"), Map.of(
                "Dockerfile", "FROM " + REGISTRY.host() + "/busybox:latest\nCOPY hello.txt /\n"
                        + "RUN cat /hello.txt > /seen\n",
                "hello.txt", "hello\n"));
        String repo = REGISTRY.host() + "/docker-local/test";
        String image = "type=image,name=" + repo + ",push=true,registry.insecure=true";
        List<String> seed = List.of("build", "--frontend=dockerfile.v0", "--local", "context=.",
                "--local", "dockerfile=.", "--output", image,
                "--export-cache", "type=registry,ref=" + repo + ",mode=max,push=true,registry.insecure=true",
                "--import-cache", "type=registry,ref=" + repo + ",registry.insecure=true");

        CommandResult first = run(DAEMON.tcpAddress(), project, seed);
        assertThat(first.exitCode()).as("the first run, whose cache ref does not exist yet\n%s", first).isZero();
        assertThat(first.stderr()).as("the shared ref is explained").contains("cache ref " + repo)
                .contains("is also the pushed image's name");

        try (DaemonFixture fresh = DaemonFixture.withTcp().start()) {
            CommandResult again = run(fresh.tcpAddress(), project, seed);
            assertThat(again.exitCode()).as("the same line on a daemon with an empty root\n%s", again).isZero();
            assertThat(DockerfileBuilds.cached(again, "RUN cat /hello.txt > /seen"))
                    .as("the run step comes from the cache in the image\n%s", again.stderr()).isTrue();
        }
        assertThat(configMediaType("docker-local/test", "latest"))
                .as("the image and the cache share one tag; it must name the image, not the cache manifest")
                .isNotEqualTo("application/vnd.buildkit.cacheconfig.v0");
    }

    private static CommandResult run(String address, Path workdir, List<String> args) {
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(), "--addr", address));
        command.addAll(args);
        return DockerfileBuilds.run(command, workdir);
    }

    /** The config media type of the manifest a tag names, read from the registry. */
    private static String configMediaType(String repository, String tag) throws Exception {
        HttpResponse<String> response = REGISTRY.httpClient().send(HttpRequest.newBuilder(
                REGISTRY.url().resolve("/v2/" + repository + "/manifests/" + tag)).header("Accept",
                "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, "
                        + "application/vnd.docker.distribution.manifest.v2+json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", response.uri(), response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body()).path("config").path("mediaType").asText();
    }
}
