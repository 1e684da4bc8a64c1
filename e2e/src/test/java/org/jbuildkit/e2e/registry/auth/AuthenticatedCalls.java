package org.jbuildkit.e2e.registry.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.jbuildkit.registry.auth.RegistryAuthenticator;
import org.jbuildkit.registry.auth.Scope;

/**
 * Registry requests made the way the distribution client makes them: the authenticator's header up
 * front, and on a 401 its answer to the challenge, retried once (a second 401 makes it throw).
 */
final class AuthenticatedCalls {

    private final HttpClient client;
    private final RegistryAuthenticator authenticator;
    private final URI registry;
    private final String host;

    AuthenticatedCalls(HttpClient client, RegistryAuthenticator authenticator, URI registry) {
        this.client = client;
        this.authenticator = authenticator;
        this.registry = registry;
        this.host = registry.getAuthority();
    }

    HttpResponse<String> send(List<Scope> scopes, Supplier<HttpRequest.Builder> request) {
        HttpRequest.Builder first = request.get();
        authenticator.authorization(host, scopes).ifPresent(value -> first.header("Authorization", value));
        HttpResponse<String> response = send(first.build());
        for (int attempt = 0; attempt < 2 && response.statusCode() == 401; attempt++) {
            String answer = authenticator.respondTo(host, response.headers().allValues("WWW-Authenticate"), scopes);
            response = send(request.get().header("Authorization", answer).build());
        }
        return response;
    }

    HttpResponse<String> get(String path, List<Scope> scopes) {
        return send(scopes, () -> HttpRequest.newBuilder(registry.resolve(path)).GET());
    }

    HttpResponse<String> head(String path, List<Scope> scopes) {
        return send(scopes, () -> HttpRequest.newBuilder(registry.resolve(path)).method("HEAD",
                HttpRequest.BodyPublishers.noBody()));
    }

    /** Pushes {@code content} as a blob of {@code repository}; returns its digest. */
    String pushBlob(String repository, byte[] content) {
        String digest = "sha256:" + sha256(content);
        List<Scope> scopes = List.of(Scope.push(repository));
        var started = send(scopes, () -> HttpRequest.newBuilder(registry.resolve("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (started.statusCode() != 202) {
            throw new IllegalStateException("starting an upload answered " + started.statusCode() + " " + started.body());
        }
        URI location = registry.resolve(started.headers().firstValue("Location").orElseThrow());
        URI put = URI.create(location + (location.getQuery() == null ? "?" : "&") + "digest=" + digest);
        var finished = send(scopes, () -> HttpRequest.newBuilder(put).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
        if (finished.statusCode() != 201) {
            throw new IllegalStateException("finishing an upload answered " + finished.statusCode() + " " + finished.body());
        }
        return digest;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code dir/config.json} with an {@code auths} entry for {@code host} as {@code docker login} does. */
    static void writeDockerConfig(Path dir, String host, String user, String password) {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.json"), "{\n  \"auths\": {\n    \"" + host + "\": {\n      \"auth\": \""
                    + auth + "\"\n    }\n  }\n}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
