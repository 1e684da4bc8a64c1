package org.jbuildkit.e2e.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.e2e.fixtures.AuthRegistryFixture;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code push=true} destinations checked before the build starts (issue 7's preflight): a wrong port, a wrong
 * password, an HTTPS registry whose CA the daemon lacks — each fails the request with the registry diagnosis and the
 * build's step never runs. And a push that fails midway (a registry refusing a blob) leaves no tag behind.
 */
class ImagePushPreflightTest {
    private static final String PASSWORD = "push-Pa55word";
    private static final String MARKER = "step-ran-" + "marker";

    @RegisterExtension
    static final RegistryFixture PLAIN = RegistryFixture.plainHttp();
    @RegisterExtension
    static final RegistryFixture TLS = RegistryFixture.tls();
    @RegisterExtension
    static final AuthRegistryFixture AUTH = AuthRegistryFixture.htpasswd("carol", PASSWORD);
    @RegisterExtension
    static final AuthRegistryFixture TOKEN = AuthRegistryFixture.token("dave", PASSWORD);
    private static DaemonFixture daemon;

    @BeforeAll
    static void startDaemon(@TempDir Path tmp) throws IOException {
        BusyboxImage.build(tmp.resolve("busybox")).push(PLAIN, "busybox", "latest");
        // The TLS registry without its CA: loopback defaults to plain HTTP, so HTTPS is asked for explicitly.
        Path config = Files.writeString(tmp.resolve("buildkitd.toml"), "[registry.\"" + TLS.host() + "\"]\n"
                + "  http = false\n"
                + "[registry.\"" + AUTH.host() + "\"]\n  http = false\n  ca = [\"" + AUTH.caCert() + "\"]\n"
                + "[registry.\"" + TOKEN.host() + "\"]\n  http = false\n  ca = [\"" + TOKEN.caCert() + "\"]\n");
        daemon = DaemonFixture.unixSocket("--config", config.toString()).start();
    }

    @AfterAll
    static void stopDaemon() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private static Definition aStep() {
        return Llb.image(PLAIN.host() + "/busybox:latest").run(Run.shell("echo " + MARKER)).root().marshal();
    }

    private static CommandResult build(Path tmp, String output, Map<String, String> env) throws Exception {
        Path file = Files.write(tmp.resolve("def-" + System.nanoTime()), aStep().toByteArray());
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(), "--addr",
                daemon.unixAddress(), "build", "--progress", "plain", "--output", output));
        return Commands.run(command, env, 300, file);
    }

    private static void assertNothingRan(CommandResult result) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).doesNotContain(MARKER).doesNotContain("#1 ");
    }

    @Test
    void aWrongPortFailsBeforeTheBuildNamingWhatWasDialled(@TempDir Path tmp) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String repo = "127.0.0.1:" + port + "/app/nowhere";
        CommandResult result = build(tmp, "type=image,name=" + repo + ":1,push=true,registry.insecure=true",
                Map.of());

        assertNothingRan(result);
        assertThat(result.stderr()).contains("cannot push to " + repo).contains("refused")
                .contains("nothing listens on port " + port);
    }

    @Test
    void aWrongPasswordFailsBeforeTheBuildNamingTheCredentials(@TempDir Path tmp) throws Exception {
        Path dockerConfig = Files.createDirectories(tmp.resolve("docker-config"));
        Files.writeString(dockerConfig.resolve("config.json"), "{\"auths\": {\"" + AUTH.host() + "\": {\"auth\": \""
                + Base64.getEncoder().encodeToString("carol:wrong-password".getBytes(StandardCharsets.UTF_8))
                + "\"}}}\n");
        CommandResult result = build(tmp, "type=image,name=" + AUTH.host() + "/app/private:1,push=true",
                Map.of("DOCKER_CONFIG", dockerConfig.toString()));

        assertNothingRan(result);
        assertThat(result.stderr()).contains("cannot push to " + AUTH.host() + "/app/private").contains("401")
                .doesNotContain("wrong-password");
    }

    @Test
    void theRightPasswordPassesThePreflightAndPushes(@TempDir Path tmp) throws Exception {
        Path dockerConfig = Files.createDirectories(tmp.resolve("docker-config"));
        Files.writeString(dockerConfig.resolve("config.json"), "{\"auths\": {\"" + AUTH.host() + "\": {\"auth\": \""
                + Base64.getEncoder().encodeToString(("carol:" + PASSWORD).getBytes(StandardCharsets.UTF_8))
                + "\"}}}\n");
        CommandResult result = build(tmp, "type=image,name=" + AUTH.host() + "/app/private:2,push=true",
                Map.of("DOCKER_CONFIG", dockerConfig.toString()));

        assertThat(result.exitCode()).as(result + "\n" + daemon.log()).isZero();
        assertThat(result.stderr()).contains(MARKER).contains("pushing manifest for " + AUTH.host() + "/app/private:2@");
    }

    @Test
    void aTokenThatDoesNotGrantPushFailsBeforeTheBuild(@TempDir Path tmp) throws Exception {
        Path noCredentials = Files.createDirectories(tmp.resolve("docker-config"));
        Files.writeString(noCredentials.resolve("config.json"), "{\"auths\": {}}\n");
        CommandResult result = build(tmp, "type=image,name=" + TOKEN.host() + "/app/anonymous:1,push=true",
                Map.of("DOCKER_CONFIG", noCredentials.toString()));

        assertNothingRan(result);
        assertThat(result.stderr()).contains("cannot push to " + TOKEN.host() + "/app/anonymous")
                .contains("repository:app/anonymous:pull,push");
        assertThat(TOKEN.tokenServer().requests()).anySatisfy(request -> assertThat(request.scopes())
                .contains("repository:app/anonymous:pull,push"));
    }

    @Test
    void anHttpsRegistryWithoutItsCaFailsBeforeTheBuildPointingAtCa(@TempDir Path tmp) throws Exception {
        CommandResult result = build(tmp, "type=image,name=" + TLS.host() + "/app/untrusted:1,push=true", Map.of());

        assertNothingRan(result);
        assertThat(result.stderr()).contains("cannot push to " + TLS.host() + "/app/untrusted")
                .contains("unknown authority").contains("ca = [");
    }

    @Test
    void aPushFailingMidwayLeavesNoTag(@TempDir Path tmp) throws Exception {
        try (FaultInjectingRegistryProxy proxy = FaultInjectingRegistryProxy.start(PLAIN.url())) {
            String name = proxy.host() + "/app/broken:1";
            // Loopback registries default to plain HTTP (the proxy speaks nothing else).
            CommandResult result = build(tmp, "type=image,name=" + name + ",push=true", Map.of());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(proxy.refusedUploads()).as(result + "\n" + daemon.log()).isPositive();
            assertThat(result.stderr()).contains(MARKER).contains("failed to push " + proxy.host() + "/app/broken")
                    .contains("no manifest was pushed").doesNotContain("pushing manifest for");
        }
        CommandResult tag = Commands.run(List.of("/usr/bin/skopeo", "inspect", "--tls-verify=false",
                "docker://" + PLAIN.host() + "/app/broken:1"));
        assertThat(tag.exitCode()).as(tag.toString()).isNotZero();
        assertThat(tag.stderr()).containsIgnoringCase("manifest unknown");
    }
}
