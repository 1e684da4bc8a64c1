package org.jbuildkit.e2e.registry.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jbuildkit.e2e.fixtures.TlsContexts;
import org.jbuildkit.registry.auth.DockerConfigCredentials;
import org.jbuildkit.registry.auth.RegistryAuthenticator;
import org.jbuildkit.registry.auth.TokenFetcher;

/**
 * Runs a push and a refused login against a registry with the auth package's debug log on, in a
 * JVM of its own: slf4j-simple fixes log levels when a logger is made, which other tests in the
 * same JVM may already have done. Arguments: registry URL, CA PEM, DOCKER_CONFIG with the right
 * password, DOCKER_CONFIG with a wrong one.
 */
public final class AuthFlowWithDebugLogging {

    private AuthFlowWithDebugLogging() {}

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.log.org.jbuildkit.registry.auth", "debug");
        URI registry = URI.create(args[0]);
        HttpClient client = HttpClient.newBuilder().sslContext(TlsContexts.trusting(Path.of(args[1]))).build();
        var right = new RegistryAuthenticator(new DockerConfigCredentials(Map.of("DOCKER_CONFIG", args[2])),
                new TokenFetcher(client, Clock.systemUTC()), Clock.systemUTC());
        var calls = new AuthenticatedCalls(client, right, registry);
        calls.pushBlob("e2e/quiet", new byte[] {4, 5, 6});
        System.out.println("TOKEN-HEADER-WAS " + right.authorization(registry.getAuthority(),
                List.of(org.jbuildkit.registry.auth.Scope.push("e2e/quiet"))).orElseThrow());
        var wrong = new RegistryAuthenticator(new DockerConfigCredentials(Map.of("DOCKER_CONFIG", args[3])),
                new TokenFetcher(client, Clock.systemUTC()), Clock.systemUTC());
        try {
            new AuthenticatedCalls(client, wrong, registry).get("/v2/", List.of());
        } catch (RuntimeException e) {
            System.err.println("REFUSED " + e.getMessage());
        }
    }
}
