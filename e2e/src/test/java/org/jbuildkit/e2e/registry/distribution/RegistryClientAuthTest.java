package org.jbuildkit.e2e.registry.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jbuildkit.e2e.fixtures.AuthRegistryFixture;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.RegistryPusher;
import org.jbuildkit.e2e.fixtures.TestTokenServer;
import org.jbuildkit.registry.auth.AuthenticationException;
import org.jbuildkit.registry.auth.DockerConfigCredentials;
import org.jbuildkit.registry.auth.RegistryAuthenticator;
import org.jbuildkit.registry.auth.TokenFetcher;
import org.jbuildkit.registry.distribution.RegistryClient;
import org.jbuildkit.registry.distribution.ResolvedManifest;
import org.jbuildkit.registry.distribution.UploadMode;
import org.jbuildkit.registry.hosts.HostSetting;
import org.jbuildkit.registry.hosts.RegistryHostConfig;
import org.jbuildkit.registry.hosts.RegistryHosts;
import org.jbuildkit.registry.hosts.RegistryTransport;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.ImageJson;
import org.jbuildkit.registry.image.ImageManifest;
import org.jbuildkit.registry.reference.ImageReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution client end to end against authenticating docker-registries over TLS, with
 * credentials from a {@code config.json}: htpasswd (Basic) and token auth (Bearer, {@link TestTokenServer}).
 */
class RegistryClientAuthTest {

    private static final String BASIC_PASSWORD = "basic-client-S3cret";
    private static final String TOKEN_PASSWORD = "token-client-S3cret";
    private static final String REPOSITORY = "e2e/busybox";

    @RegisterExtension
    static AuthRegistryFixture basic = AuthRegistryFixture.htpasswd("alice", BASIC_PASSWORD);

    @RegisterExtension
    static AuthRegistryFixture token = AuthRegistryFixture.token("bob", TOKEN_PASSWORD);

    @TempDir
    static Path imageDir;

    private static BusyboxImage image;

    @TempDir
    Path dockerConfig;

    @BeforeAll
    static void buildImage() {
        image = BusyboxImage.build(imageDir);
    }

    @Test
    void basicAuthPushWithConfigJsonCredentialsThenResolveAndFetch(@TempDir Path pulled) throws IOException {
        RegistryClient client = client(basic, "alice", BASIC_PASSWORD);
        pushAndFetchBack(client, basic, "v1", pulled);
    }

    @Test
    void basicAuthWrongPasswordNamesHostScopeAndConfigEntryButNotThePassword() {
        RegistryClient client = client(basic, "alice", "wrong-basic-password");
        assertThatThrownBy(() -> image.push(new RegistryPusher(client, basic.host()), REPOSITORY, "wrong"))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("registry " + basic.host() + " refused user \"alice\"")
                .hasMessageContaining("repository:" + REPOSITORY + ":pull")
                .hasMessageContaining(dockerConfig.resolve("config.json") + " auths[" + basic.host() + "]")
                .hasMessageContaining("fix: run `docker login " + basic.host() + "`")
                .hasMessageNotContaining("wrong-basic-password")
                .hasMessageNotContaining(BASIC_PASSWORD)
                .hasMessageNotContaining(basicAuth("alice", "wrong-basic-password"));
    }

    @Test
    void bearerPushWithConfigJsonCredentialsThenResolveAndFetch(@TempDir Path pulled) throws IOException {
        int before = token.tokenServer().requests().size();
        RegistryClient client = client(token, "bob", TOKEN_PASSWORD);
        pushAndFetchBack(client, token, "v1", pulled);
        List<TestTokenServer.Request> requests = token.tokenServer().requests();
        assertThat(requests.subList(before, requests.size()))
                .as("every token was fetched with bob's credentials and granted")
                .isNotEmpty()
                .allSatisfy(r -> {
                    assertThat(r.user()).isEqualTo("bob");
                    assertThat(r.status()).isEqualTo(200);
                });
    }

    @Test
    void bearerAnonymousPushIsRefusedWithAClearMessage() {
        RegistryClient client = client(token, null, null);
        assertThatThrownBy(() -> image.push(new RegistryPusher(client, token.host()), REPOSITORY, "anonymous"))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("registry " + token.host())
                .hasMessageContaining("repository:" + REPOSITORY + ":pull,push")
                .hasMessageContaining("GET " + token.tokenServer().realm() + " answered 401 Unauthorized")
                .hasMessageContaining("no credentials for " + token.host())
                .hasMessageContaining("fix: run `docker login " + token.host() + "`");
    }

    @Test
    void bearerWrongPasswordNamesTheConfigEntryButNotThePassword() {
        RegistryClient client = client(token, "bob", "wrong-token-password");
        assertThatThrownBy(() -> image.push(new RegistryPusher(client, token.host()), REPOSITORY, "wrong"))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("registry " + token.host())
                .hasMessageContaining("repository:" + REPOSITORY)
                .hasMessageContaining("user \"bob\" with a password from " + dockerConfig.resolve("config.json")
                        + " auths[" + token.host() + "]")
                .hasMessageNotContaining("wrong-token-password")
                .hasMessageNotContaining(TOKEN_PASSWORD);
    }

    private void pushAndFetchBack(RegistryClient client, AuthRegistryFixture registry, String tag, Path pulled)
            throws IOException {
        var pushed = image.push(new RegistryPusher(client, registry.host()), REPOSITORY, tag);
        assertThat(pushed).isEqualTo(image.manifestDigest());

        ImageReference ref = ImageReference.parse(registry.host() + "/" + REPOSITORY + ":" + tag);
        ResolvedManifest resolved = client.resolve(ref);
        assertThat(resolved.descriptor().digest().toString()).isEqualTo(pushed.toString());
        assertThat(resolved.answeredBy()).isEqualTo(registry.host());

        byte[] manifestBytes = client.fetchManifest(ref, resolved.descriptor());
        assertThat(manifestBytes).isEqualTo(image.manifestBytes());
        ImageManifest manifest = ImageJson.read(manifestBytes, ImageManifest.class, "manifest");
        List<Descriptor> blobs = new java.util.ArrayList<>(manifest.layers());
        blobs.add(manifest.config());
        for (Descriptor blob : blobs) {
            Path target = pulled.resolve(blob.digest().hex());
            client.fetchBlob(registry.host(), REPOSITORY, blob, target);
            assertThat(Digest.sha256(Files.readAllBytes(target))).isEqualTo(blob.digest());
        }
        assertThat(pulled.resolve(manifest.layers().get(0).digest().hex()))
                .hasSameBinaryContentAs(image.layerFile());
    }

    /**
     * A client for the registry's TLS host (section: its CA, {@code http = false}, since loopback defaults to
     * plain HTTP) with credentials from {@code dockerConfig/config.json}; {@code user null} writes no entry.
     */
    private RegistryClient client(AuthRegistryFixture registry, String user, String password) {
        writeDockerConfig(registry.host(), user, password);
        var credentials = new DockerConfigCredentials(Map.of("DOCKER_CONFIG", dockerConfig.toString(),
                "HOME", dockerConfig.toString()));
        var auth = new RegistryAuthenticator(credentials, new TokenFetcher(registry.httpClient(), Clock.systemUTC()),
                Clock.systemUTC());
        RegistryHostConfig section = RegistryHostConfig.section("RegistryClientAuthTest")
                .withHttp(HostSetting.FALSE)
                .withCa(List.of(registry.caCert()));
        return new RegistryClient(RegistryHosts.of(Map.of(registry.host(), section)), new RegistryTransport(), auth,
                4, Duration.ofMillis(20), UploadMode.MONOLITHIC);
    }

    private void writeDockerConfig(String host, String user, String password) {
        String auths = user == null ? "{}"
                : "{\"" + host + "\": {\"auth\": \"" + basicAuth(user, password) + "\"}}";
        try {
            Files.writeString(dockerConfig.resolve("config.json"), "{\"auths\": " + auths + "}\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String basicAuth(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
