package org.jbuildkit.e2e.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jbuildkit.e2e.fixtures.AuthRegistryFixture;
import org.jbuildkit.registry.auth.AuthenticationException;
import org.jbuildkit.registry.auth.DockerConfigCredentials;
import org.jbuildkit.registry.auth.RegistryAuthenticator;
import org.jbuildkit.registry.auth.Scope;
import org.jbuildkit.registry.auth.TokenFetcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** htpasswd (HTTP Basic) over TLS on Debian's docker-registry, with credentials from a config.json. */
class BasicAuthRegistryTest {

    private static final String PASSWORD = "htpasswd-S3cret";

    @RegisterExtension
    static AuthRegistryFixture registry = AuthRegistryFixture.htpasswd("alice", PASSWORD);

    @TempDir
    Path dockerConfig;

    private AuthenticatedCalls calls(String password) {
        AuthenticatedCalls.writeDockerConfig(dockerConfig, registry.host(), "alice", password);
        var credentials = new DockerConfigCredentials(Map.of("DOCKER_CONFIG", dockerConfig.toString(),
                "HOME", dockerConfig.toString()));
        var authenticator = new RegistryAuthenticator(credentials,
                new TokenFetcher(registry.httpClient(), Clock.systemUTC()), Clock.systemUTC());
        return new AuthenticatedCalls(registry.httpClient(), authenticator, registry.url());
    }

    @Test
    void correctCredentialsFromConfigJsonReachTheApiAndBlobs() {
        var calls = calls(PASSWORD);
        assertThat(calls.get("/v2/", List.of()).statusCode()).isEqualTo(200);
        String digest = calls.pushBlob("e2e/basic", "basic auth blob".getBytes(StandardCharsets.UTF_8));
        var head = calls.head("/v2/e2e/basic/blobs/" + digest, List.of(Scope.pull("e2e/basic")));
        assertThat(head.statusCode()).as(registry.logTail()).isEqualTo(200);
    }

    @Test
    void wrongPasswordNamesHostScopeSourceStatusAndFix() {
        var calls = calls("not-the-password");
        assertThatThrownBy(() -> calls.head("/v2/e2e/basic/blobs/sha256:" + "0".repeat(64),
                List.of(Scope.pull("e2e/basic"))))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("registry " + registry.host() + " refused user \"alice\" with a password from "
                        + dockerConfig.resolve("config.json") + " auths[" + registry.host() + "]")
                .hasMessageContaining("repository:e2e/basic:pull")
                .hasMessageContaining("401 Unauthorized")
                .hasMessageContaining("fix: run `docker login " + registry.host() + "`")
                .hasMessageNotContaining("not-the-password")
                .hasMessageNotContaining(PASSWORD);
    }
}
