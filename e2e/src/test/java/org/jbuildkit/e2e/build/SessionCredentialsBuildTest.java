package org.jbuildkit.e2e.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.e2e.fixtures.AuthRegistryFixture;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.e2e.fixtures.RegistryPusher;
import org.jbuildkit.e2e.fixtures.TestTokenServer;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Run;
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
 * Private images pulled by real builds with the registry credentials of the client: buildctl's
 * DOCKER_CONFIG has them, the daemon's environment has none. The daemon asks the client over the
 * build's session (Auth/Credentials), and with a token server the client fetches the token itself
 * (Auth/FetchToken) unless BUILDKIT_NO_CLIENT_TOKEN=1.
 */
class SessionCredentialsBuildTest {

    private static final String BASIC_PASSWORD = "basic-Pa55word";
    private static final String TOKEN_PASSWORD = "token-Pa55word";

    @RegisterExtension
    static final AuthRegistryFixture BASIC = AuthRegistryFixture.htpasswd("alice", BASIC_PASSWORD);
    @RegisterExtension
    static final AuthRegistryFixture TOKEN = AuthRegistryFixture.token("bob", TOKEN_PASSWORD);

    private static DaemonFixture daemon;

    @BeforeAll
    static void pushPrivateImagesAndStartADaemonWithoutCredentials(@TempDir Path tmp) throws IOException {
        BusyboxImage busybox = BusyboxImage.build(tmp.resolve("busybox"));
        busybox.push(pusher(BASIC, "alice", BASIC_PASSWORD, tmp.resolve("push-basic")), "private/busybox", "latest");
        RegistryPusher tokenPusher = pusher(TOKEN, "bob", TOKEN_PASSWORD, tmp.resolve("push-token"));
        for (String repository : List.of("tok/client", "tok/daemon", "tok/wrong")) {
            busybox.push(tokenPusher, repository, "latest");
        }
        Path config = Files.writeString(tmp.resolve("buildkitd.toml"), section(BASIC) + section(TOKEN));
        Path noCredentials = Files.createDirectories(tmp.resolve("daemon-docker-config"));
        daemon = DaemonFixture.unixSocket("--config", config.toString())
                .withEnvironment(Map.of("DOCKER_CONFIG", noCredentials.toString()))
                .start();
    }

    @AfterAll
    static void stopDaemon() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void aPrivateImageIsPulledWithTheClientsCredentials(@TempDir Path tmp) throws Exception {
        Path dockerConfig = dockerConfig(tmp, BASIC.host(), "alice", BASIC_PASSWORD);
        CommandResult result = build(tmp, BASIC.host() + "/private/busybox:latest", "echo pulled-with-client-creds",
                Map.of("DOCKER_CONFIG", dockerConfig.toString()));
        assertThat(result.exitCode()).as(result + "\n" + daemon.log()).isZero();
        assertThat(result.stderr()).contains("pulled-with-client-creds");
        assertThat(daemon.log() + result.stderr()).doesNotContain(BASIC_PASSWORD)
                .doesNotContain(basicAuth("alice", BASIC_PASSWORD));
    }

    @Test
    void withoutClientCredentialsTheBuildFailsNamingTheHostAndWhereItLooked(@TempDir Path tmp) throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty-docker-config"));
        Files.writeString(empty.resolve("config.json"), "{\"auths\": {}}\n");
        CommandResult result = build(tmp, BASIC.host() + "/private/busybox:latest", "echo never-runs",
                Map.of("DOCKER_CONFIG", empty.toString()));
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr())
                .contains("registry " + BASIC.host() + " requires authentication")
                .contains("no credentials for " + BASIC.host())
                .contains("the client's docker config")
                .contains("docker login " + BASIC.host())
                .doesNotContain("never-runs\n");
    }

    @Test
    void theClientMakesTheTokenRequestItself(@TempDir Path tmp) throws Exception {
        Path dockerConfig = dockerConfig(tmp, TOKEN.host(), "bob", TOKEN_PASSWORD);
        int before = TOKEN.tokenServer().requests().size();
        CommandResult result = build(tmp, TOKEN.host() + "/tok/client:latest", "echo client-token-pull",
                Map.of("DOCKER_CONFIG", dockerConfig.toString()));
        assertThat(result.exitCode()).as(result + "\n" + daemon.log()).isZero();
        List<TestTokenServer.Request> requests = since(before);
        assertThat(requests).isNotEmpty().allSatisfy(request -> {
            assertThat(request.user()).isEqualTo("bob");
            assertThat(request.userAgent()).as("the token request comes from buildctl").startsWith("buildctl/");
        });
    }

    @Test
    void withNoClientTokenTheDaemonFetchesTheTokenWithTheClientsCredentials(@TempDir Path tmp) throws Exception {
        Path dockerConfig = dockerConfig(tmp, TOKEN.host(), "bob", TOKEN_PASSWORD);
        int before = TOKEN.tokenServer().requests().size();
        CommandResult result = build(tmp, TOKEN.host() + "/tok/daemon:latest", "echo daemon-token-pull",
                Map.of("DOCKER_CONFIG", dockerConfig.toString(), "BUILDKIT_NO_CLIENT_TOKEN", "1"));
        assertThat(result.exitCode()).as(result + "\n" + daemon.log()).isZero();
        List<TestTokenServer.Request> requests = since(before);
        assertThat(requests).isNotEmpty().allSatisfy(request -> {
            assertThat(request.user()).isEqualTo("bob");
            assertThat(request.userAgent()).as("the token request comes from buildkitd").startsWith("buildkitd/");
        });
    }

    @Test
    void aWrongPasswordSaysTheClientsTokenRequestWasRefused(@TempDir Path tmp) throws Exception {
        Path dockerConfig = dockerConfig(tmp, TOKEN.host(), "bob", "not-the-Pa55word");
        CommandResult result = build(tmp, TOKEN.host() + "/tok/wrong:latest", "echo never-runs",
                Map.of("DOCKER_CONFIG", dockerConfig.toString()));
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr())
                .contains("the client's token request to " + TOKEN.tokenServer().realm() + " for " + TOKEN.host()
                        + " failed")
                .contains("401 Unauthorized")
                .contains("wrong user name or password")
                .contains("docker login " + TOKEN.host())
                .doesNotContain("not-the-Pa55word");
        assertThat(daemon.log()).doesNotContain("not-the-Pa55word");
    }

    @Test
    void theDaemonsOwnConfigIsTheFallbackForHostsTheClientHasNoCredentialsFor(@TempDir Path tmp) throws Exception {
        Path daemonConfig = dockerConfig(tmp, BASIC.host(), "alice", BASIC_PASSWORD);
        Path clientConfig = Files.createDirectories(tmp.resolve("client-without-credentials"));
        Files.writeString(clientConfig.resolve("config.json"), "{\"auths\": {}}\n");
        Path config = Files.writeString(tmp.resolve("buildkitd.toml"), section(BASIC));
        try (DaemonFixture withCredentials = DaemonFixture.unixSocket("--config", config.toString())
                .withEnvironment(Map.of("DOCKER_CONFIG", daemonConfig.toString())).start()) {
            CommandResult result = build(withCredentials, tmp, BASIC.host() + "/private/busybox:latest",
                    "echo pulled-with-daemon-creds", Map.of("DOCKER_CONFIG", clientConfig.toString()));
            assertThat(result.exitCode()).as(result + "\n" + withCredentials.log()).isZero();
            assertThat(result.stderr()).contains("pulled-with-daemon-creds");
        }
    }

    private static CommandResult build(Path tmp, String image, String command, Map<String, String> environment)
            throws IOException {
        return build(daemon, tmp, image, command, environment);
    }

    private static CommandResult build(DaemonFixture daemon, Path tmp, String image, String command,
            Map<String, String> environment) throws IOException {
        Definition definition = Llb.image(image).run(Run.shell(command)).root().marshal();
        Path file = Files.write(tmp.resolve("def-" + System.nanoTime()), definition.toByteArray());
        List<String> argv = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(),
                "--addr", daemon.unixAddress(), "build", "--progress", "plain"));
        Map<String, String> env = new HashMap<>(environment);
        env.putIfAbsent("BUILDKIT_NO_CLIENT_TOKEN", "");
        return Commands.run(argv, env, 180, file);
    }

    private List<TestTokenServer.Request> since(int before) {
        List<TestTokenServer.Request> all = TOKEN.tokenServer().requests();
        return all.subList(before, all.size());
    }

    /** A docker config directory whose config.json holds one auths entry. */
    private static Path dockerConfig(Path tmp, String host, String user, String password) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("docker-config-" + System.nanoTime()));
        Files.writeString(dir.resolve("config.json"), "{\"auths\": {\"" + host + "\": {\"auth\": \""
                + basicAuth(user, password) + "\"}}}\n");
        return dir;
    }

    private static String basicAuth(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The daemon reaches the TLS registry trusting its CA ({@code http = false}: loopback defaults to plain HTTP). */
    private static String section(AuthRegistryFixture registry) {
        return "[registry.\"" + registry.host() + "\"]\n  http = false\n  ca = [\"" + registry.caCert() + "\"]\n";
    }

    /** Pushes as {@code user} from a docker config of the test's own. */
    private static RegistryPusher pusher(AuthRegistryFixture registry, String user, String password, Path dir)
            throws IOException {
        Path config = dockerConfig(dir, registry.host(), user, password);
        var credentials = new DockerConfigCredentials(Map.of("DOCKER_CONFIG", config.toString(),
                "HOME", config.toString()));
        var auth = new RegistryAuthenticator(credentials, new TokenFetcher(registry.httpClient(), Clock.systemUTC()),
                Clock.systemUTC());
        RegistryHostConfig section = RegistryHostConfig.section("SessionCredentialsBuildTest")
                .withHttp(HostSetting.FALSE)
                .withCa(List.of(registry.caCert()));
        RegistryClient client = new RegistryClient(RegistryHosts.of(Map.of(registry.host(), section)),
                new RegistryTransport(), auth, 4, Duration.ofMillis(20), UploadMode.MONOLITHIC);
        return new RegistryPusher(client, registry.host());
    }
}
