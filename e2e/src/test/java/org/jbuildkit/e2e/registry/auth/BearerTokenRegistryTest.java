package org.jbuildkit.e2e.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jbuildkit.e2e.fixtures.AuthRegistryFixture;
import org.jbuildkit.e2e.fixtures.TestTokenServer;
import org.jbuildkit.registry.auth.AuthenticationException;
import org.jbuildkit.registry.auth.CredentialSource;
import org.jbuildkit.registry.auth.DockerConfigCredentials;
import org.jbuildkit.registry.auth.RegistryAuthenticator;
import org.jbuildkit.registry.auth.Scope;
import org.jbuildkit.registry.auth.TokenFetcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Token auth on Debian's docker-registry, with a token server written for the test issuing RS256 JWTs. */
class BearerTokenRegistryTest {

    private static final String PASSWORD = "token-user-S3cret";

    @RegisterExtension
    static AuthRegistryFixture registry = AuthRegistryFixture.token("bob", PASSWORD);

    @TempDir
    Path dockerConfig;

    private final FakeClock clock = new FakeClock(Instant.now());

    private AuthenticatedCalls calls(CredentialSource credentials) {
        var authenticator = new RegistryAuthenticator(credentials, new TokenFetcher(registry.httpClient(), clock), clock);
        return new AuthenticatedCalls(registry.httpClient(), authenticator, registry.url());
    }

    private CredentialSource configJson(String password) {
        AuthenticatedCalls.writeDockerConfig(dockerConfig, registry.host(), "bob", password);
        return new DockerConfigCredentials(Map.of("DOCKER_CONFIG", dockerConfig.toString(), "HOME", dockerConfig.toString()));
    }

    private List<TestTokenServer.Request> newTokenRequests(int before) {
        List<TestTokenServer.Request> all = registry.tokenServer().requests();
        return all.subList(before, all.size());
    }

    @Test
    void anonymousTokenReadsButIsRefusedPushWithAMessage() {
        int before = registry.tokenServer().requests().size();
        var calls = calls(new DockerConfigCredentials(Map.of("HOME", dockerConfig.toString())));
        assertThat(calls.get("/v2/", List.of()).statusCode()).isEqualTo(200);
        assertThat(calls.head("/v2/e2e/anon/blobs/sha256:" + "1".repeat(64), List.of(Scope.pull("e2e/anon"))).statusCode())
                .as("an anonymous pull token is accepted; the blob just is not there").isEqualTo(404);
        assertThat(newTokenRequests(before)).extracting(TestTokenServer.Request::user).containsOnlyNulls();

        assertThatThrownBy(() -> calls.pushBlob("e2e/anon", new byte[] {1, 2, 3}))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("registry " + registry.host())
                .hasMessageContaining("repository:e2e/anon:pull,push")
                .hasMessageContaining("GET " + registry.tokenServer().realm() + " answered 401 Unauthorized")
                .hasMessageContaining("push needs an account")
                .hasMessageContaining("no credentials for " + registry.host() + " (looked in ~/.docker/config.json")
                .hasMessageContaining("fix: run `docker login " + registry.host() + "`");
    }

    @Test
    void credentialsGetATokenThatIsCachedAndRefreshedAfterExpiry() {
        var calls = calls(configJson(PASSWORD));
        int before = registry.tokenServer().requests().size();
        String digest = calls.pushBlob("e2e/bearer", "bearer blob".getBytes(StandardCharsets.UTF_8));
        assertThat(newTokenRequests(before)).extracting(TestTokenServer.Request::user).containsExactly("bob");

        List<Scope> push = List.of(Scope.push("e2e/bearer"));
        assertThat(calls.head("/v2/e2e/bearer/blobs/" + digest, push).statusCode()).isEqualTo(200);
        assertThat(newTokenRequests(before)).as("the second request reuses the cached token").hasSize(1);

        clock.advance(Duration.ofSeconds(271)); // past 0.9 of the 300 s lifetime
        assertThat(calls.head("/v2/e2e/bearer/blobs/" + digest, push).statusCode()).isEqualTo(200);
        assertThat(newTokenRequests(before)).as("an expired token is refreshed").hasSize(2)
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    }

    @Test
    void wrongPasswordAtTheTokenServerNamesTheConfigEntry() {
        var calls = calls(configJson("wrong-password"));
        assertThatThrownBy(() -> calls.get("/v2/", List.of()))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("401 Unauthorized")
                .hasMessageContaining("wrong user name or password")
                .hasMessageContaining("user \"bob\" with a password from " + dockerConfig.resolve("config.json")
                        + " auths[" + registry.host() + "]")
                .hasMessageContaining("fix: run `docker login " + registry.host() + "` with the right password")
                .hasMessageNotContaining("wrong-password");
    }

    @Test
    void nothingLoggedOrThrownCarriesASecret(@TempDir Path wrongConfig) throws Exception {
        configJson(PASSWORD);
        AuthenticatedCalls.writeDockerConfig(wrongConfig, registry.host(), "bob", "another-S3cret");
        Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(javaBinary.toString(), "-cp", System.getProperty("java.class.path"),
                AuthFlowWithDebugLogging.class.getName(), registry.url().toString(), registry.caCert().toString(),
                dockerConfig.toString(), wrongConfig.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();

        String token = output.lines().filter(l -> l.startsWith("TOKEN-HEADER-WAS Bearer ")).findFirst().orElseThrow()
                .substring("TOKEN-HEADER-WAS Bearer ".length());
        String everythingElse = output.lines().filter(l -> !l.startsWith("TOKEN-HEADER-WAS ")).reduce("", (a, b) -> a + b + "\n");
        assertThat(everythingElse).as("the debug log and the error were captured")
                .contains("fetched a token for " + registry.host())
                .contains("REFUSED ")
                .doesNotContain(PASSWORD)
                .doesNotContain("another-S3cret")
                .doesNotContain(token)
                .doesNotContain(Base64.getEncoder().encodeToString(("bob:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    /** A clock the test moves by hand, so token expiry needs no waiting. */
    private static final class FakeClock extends Clock {
        private volatile Instant now;

        FakeClock(Instant start) {
            now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
