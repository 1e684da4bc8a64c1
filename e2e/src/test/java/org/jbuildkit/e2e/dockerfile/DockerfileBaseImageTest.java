package org.jbuildkit.e2e.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.e2e.dockerfile.DockerfileBuilds.read;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jbuildkit.e2e.fixtures.AuthRegistryFixture;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.Digest;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.e2e.fixtures.RegistryPusher;
import org.jbuildkit.registry.auth.DockerConfigCredentials;
import org.jbuildkit.registry.auth.RegistryAuthenticator;
import org.jbuildkit.registry.auth.TokenFetcher;
import org.jbuildkit.registry.distribution.RegistryClient;
import org.jbuildkit.registry.distribution.UploadMode;
import org.jbuildkit.registry.hosts.HostSetting;
import org.jbuildkit.registry.hosts.RegistryHostConfig;
import org.jbuildkit.registry.hosts.RegistryHosts;
import org.jbuildkit.registry.hosts.RegistryTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base images as the Dockerfile frontend looks them up ({@code [internal] load metadata for <ref>}): once per image
 * however many stages name it, the worker's platform picked from a multi-platform index, a private image resolved
 * with the client's credentials over the build's session, and registry failures with the registry layer's diagnosis.
 */
class DockerfileBaseImageTest {
    private static final String PASSWORD = "df-Pa55word";

    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final AuthRegistryFixture PRIVATE = AuthRegistryFixture.htpasswd("carol", PASSWORD);

    private static DaemonFixture daemon;
    private static Digest indexDigest;

    @BeforeAll
    static void pushImagesAndStartADaemonWithoutCredentials(@TempDir Path tmp) throws IOException {
        BusyboxImage busybox = BusyboxImage.build(tmp.resolve("busybox"));
        busybox.push(REGISTRY, "busybox", "latest");
        busybox.push(REGISTRY, "multi", "single");
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"manifests\":[" + entry(busybox, "s390x") + "," + entry(busybox, hostArch()) + "]}")
                .getBytes(StandardCharsets.UTF_8);
        indexDigest = REGISTRY.pusher().putManifest("multi", "latest", "application/vnd.oci.image.index.v1+json",
                index);
        busybox.push(privatePusher(tmp.resolve("push")), "private/busybox", "latest");
        pushTwoPlatformIndex(busybox);
        Path config = Files.writeString(tmp.resolve("buildkitd.toml"), "[registry.\"" + PRIVATE.host() + "\"]\n"
                + "  http = false\n  ca = [\"" + PRIVATE.caCert() + "\"]\n");
        Path noCredentials = Files.createDirectories(tmp.resolve("daemon-docker-config"));
        daemon = DaemonFixture.unixSocket("--config", config.toString())
                .withEnvironment(Map.of("DOCKER_CONFIG", noCredentials.toString())).start();
    }

    @AfterAll
    static void stopDaemon() {
        if (daemon != null) {
            daemon.close();
        }
    }

    /** {@code both:latest}: the host's entry is busybox, the s390x entry busybox with a {@code /marker} naming it. */
    private static void pushTwoPlatformIndex(BusyboxImage busybox) throws IOException {
        busybox.push(REGISTRY, "both", "host");
        Digest foreign = org.jbuildkit.e2e.fixtures.ExtraLayerImage.on(busybox).file("marker", "the s390x image\n")
                .push(REGISTRY, "both", "s390x");
        byte[] manifest;
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://" + REGISTRY.host() + "/v2/both/manifests/" + foreign))
                    .header("Accept", BusyboxImage.MANIFEST_MEDIA_TYPE).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            manifest = response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        String s390x = "{\"mediaType\":\"" + BusyboxImage.MANIFEST_MEDIA_TYPE + "\",\"digest\":\"" + foreign
                + "\",\"size\":" + manifest.length + ",\"platform\":{\"architecture\":\"s390x\",\"os\":\"linux\"}}";
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"manifests\":[" + entry(busybox, hostArch()) + "," + s390x + "]}").getBytes(StandardCharsets.UTF_8);
        REGISTRY.pusher().putManifest("both", "latest", "application/vnd.oci.image.index.v1+json", index);
    }

    private static String entry(BusyboxImage image, String arch) {
        return "{\"mediaType\":\"" + BusyboxImage.MANIFEST_MEDIA_TYPE + "\",\"digest\":\"" + image.manifestDigest()
                + "\",\"size\":" + image.manifestBytes().length + ",\"platform\":{\"architecture\":\"" + arch
                + "\",\"os\":\"linux\"}}";
    }

    private static String hostArch() {
        String arch = System.getProperty("os.arch");
        return arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "amd64";
    }

    private static CommandResult build(Path tmp, String dockerfile, Map<String, String> env, String... extra)
            throws IOException {
        Path project = DockerfileBuilds.project(tmp.resolve("project-" + System.nanoTime()),
                Map.of("Dockerfile", dockerfile));
        List<String> command = new java.util.ArrayList<>(List.of(
                org.jbuildkit.e2e.fixtures.ProjectLayout.buildctl().toString(), "--addr", daemon.unixAddress(),
                "build", "--progress", "plain", "--frontend", "dockerfile.v0", "--local", "context=" + project,
                "--local", "dockerfile=" + project));
        command.addAll(List.of(extra));
        return DockerfileBuilds.run(command, project, env);
    }

    @Test
    void aBaseNamedByThreeStagesIsLookedUpOnce(@TempDir Path tmp) throws Exception {
        String from = "FROM " + REGISTRY.host() + "/busybox:latest";
        CommandResult result = build(tmp, from + " AS a\nRUN echo a > /a\n" + from + " AS b\nRUN echo b > /b\n"
                + from + "\nCOPY --from=a /a /\nCOPY --from=b /b /\n", Map.of());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Pattern.compile("(?m)^#\\d+ \\[internal\\] load metadata for " + Pattern.quote(REGISTRY.host()
                + "/busybox:latest") + "$").matcher(result.stderr()).results().count()).isEqualTo(1);
    }

    @Test
    void theWorkersPlatformIsPickedFromAMultiPlatformIndex(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        CommandResult result = build(tmp, "FROM " + REGISTRY.host() + "/multi:latest\nRUN uname -m > /arch\n",
                Map.of(), "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).contains("[internal] load metadata for " + REGISTRY.host() + "/multi:latest")
                .contains("FROM " + REGISTRY.host() + "/multi:latest@" + indexDigest);
        assertThat(read(out.resolve("arch")).strip()).isIn("x86_64", "aarch64");
    }

    @Test
    void fromPlatformPullsThatPlatformsManifestFromTheIndex(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        CommandResult result = build(tmp, "FROM --platform=linux/s390x " + REGISTRY.host() + "/both:latest AS foreign\n"
                + "FROM scratch\nCOPY --from=foreign /marker /marker\n", Map.of(), "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(read(out.resolve("marker"))).isEqualTo("the s390x image\n");
    }

    @Test
    void aPrivateBaseIsResolvedWithTheClientsCredentials(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        CommandResult result = build(tmp, "FROM " + PRIVATE.host() + "/private/busybox:latest\n"
                + "RUN echo private > /seen\n", Map.of("DOCKER_CONFIG", dockerConfig(tmp, "carol", PASSWORD).toString()),
                "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result + "\n" + daemon.log()).isZero();
        assertThat(read(out.resolve("seen"))).isEqualTo("private\n");
        assertThat(result.stderr() + daemon.log()).doesNotContain(PASSWORD);
    }

    @Test
    void withoutCredentialsTheMetadataStepFailsWithTheRegistrysDiagnosis(@TempDir Path tmp) throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty-docker-config"));
        Files.writeString(empty.resolve("config.json"), "{\"auths\": {}}\n");
        CommandResult result = build(tmp, "FROM " + PRIVATE.host() + "/private/busybox:latest\nRUN echo never\n",
                Map.of("DOCKER_CONFIG", empty.toString()));
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr())
                .contains("[internal] load metadata for " + PRIVATE.host() + "/private/busybox:latest")
                .contains("registry " + PRIVATE.host() + " requires authentication")
                .contains("docker login " + PRIVATE.host())
                .contains("Dockerfile:1");
    }

    @Test
    void aMissingTagNamesTheImage(@TempDir Path tmp) throws Exception {
        CommandResult result = build(tmp, "FROM " + REGISTRY.host() + "/busybox:no-such-tag\n", Map.of());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).contains(REGISTRY.host() + "/busybox:no-such-tag")
                .contains("check the repository name and tag");
    }

    private static Path dockerConfig(Path tmp, String user, String password) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("docker-config-" + System.nanoTime()));
        Files.writeString(dir.resolve("config.json"), "{\"auths\": {\"" + PRIVATE.host() + "\": {\"auth\": \""
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))
                + "\"}}}\n");
        return dir;
    }

    private static RegistryPusher privatePusher(Path dir) throws IOException {
        Path config = dockerConfig(dir, "carol", PASSWORD);
        var credentials = new DockerConfigCredentials(Map.of("DOCKER_CONFIG", config.toString(),
                "HOME", config.toString()));
        var auth = new RegistryAuthenticator(credentials, new TokenFetcher(PRIVATE.httpClient(), Clock.systemUTC()),
                Clock.systemUTC());
        RegistryHostConfig section = RegistryHostConfig.section("DockerfileBaseImageTest")
                .withHttp(HostSetting.FALSE).withCa(List.of(PRIVATE.caCert()));
        RegistryClient client = new RegistryClient(RegistryHosts.of(Map.of(PRIVATE.host(), section)),
                new RegistryTransport(), auth, 4, Duration.ofMillis(20), UploadMode.MONOLITHIC);
        return new RegistryPusher(client, PRIVATE.host());
    }
}
