package org.jbuildkit.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One {@code docker-credential-NAME} program, run as docker/cli does: {@code get} with the server
 * URL on stdin, answering {@code {"ServerURL","Username","Secret"}} on stdout.
 */
final class CredentialHelper {

    static final String PREFIX = "docker-credential-";
    // Helpers such as "pass" may wait for a gpg-agent prompt; give a person time to answer it.
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_MESSAGE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Map<String, String> environment;

    CredentialHelper(String name, Map<String, String> environment) {
        this.name = name;
        this.environment = environment;
    }

    String program() {
        return PREFIX + name;
    }

    /** The credentials the helper holds for {@code serverUrl}; empty when it has none. */
    Optional<Credentials> get(String serverUrl, String configuredIn) {
        Path executable = find().orElseThrow(() -> new CredentialsException("credential helper " + program()
                + " (" + configuredIn + ") is not on the PATH (" + environment.getOrDefault("PATH", "") + ")"
                + " — install " + program() + ", or remove it from " + configuredIn));
        Process process;
        try {
            var builder = new ProcessBuilder(executable.toString(), "get");
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new CredentialsException("cannot run credential helper " + executable + ": " + e.getMessage()
                    + " — check that it is executable", e);
        }
        CompletableFuture<byte[]> stdout = readAsync(process.getInputStream());
        CompletableFuture<byte[]> stderr = readAsync(process.getErrorStream());
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(serverUrl.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The helper may exit without reading stdin; its exit status says what went wrong.
        }
        int exit;
        try {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new CredentialsException("credential helper " + program() + " did not answer within " + TIMEOUT.toSeconds()
                        + " s for " + serverUrl + " — check that it can reach its store (gpg-agent, keychain)");
            }
            exit = process.exitValue();
            String out = new String(stdout.get(), StandardCharsets.UTF_8).trim();
            if (exit != 0) {
                // docker-credential-helpers report "not found" on stdout with exit status 1.
                if (out.contains("credentials not found")) {
                    return Optional.empty();
                }
                String err = new String(stderr.get(), StandardCharsets.UTF_8).trim();
                String said = (err + (err.isEmpty() || out.isEmpty() ? "" : "; ") + out).trim();
                throw new CredentialsException("credential helper " + program() + " get failed for " + serverUrl
                        + " (exit status " + exit + ")" + (said.isEmpty() ? "" : ": " + abbreviate(said))
                        + " — run `echo " + serverUrl + " | " + program() + " get` to see why, or `"
                        + RegistryHosts.loginCommand(serverUrl) + "` again");
            }
            return parse(out, serverUrl);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CredentialsException("interrupted while running credential helper " + program(), e);
        } catch (ExecutionException e) {
            throw new CredentialsException("cannot read the output of credential helper " + program(), e.getCause());
        }
    }

    private Optional<Credentials> parse(String out, String serverUrl) {
        JsonNode answer;
        try {
            answer = JSON.readTree(out);
        } catch (IOException e) {
            // Never quote the output: it may well be the secret.
            throw new CredentialsException("credential helper " + program() + " answered something that is not"
                    + " JSON for " + serverUrl + " — check that it is a docker credential helper");
        }
        if (answer == null || !answer.isObject()) {
            throw new CredentialsException("credential helper " + program() + " did not answer a JSON object for "
                    + serverUrl + " — check that it is a docker credential helper");
        }
        String username = answer.path("Username").asText("");
        String secret = answer.path("Secret").asText("");
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        // docker/cli stores an identity token with the user name "<token>".
        if (username.equals("<token>")) {
            return Optional.of(Credentials.identityToken("", secret));
        }
        return Optional.of(Credentials.password(username, secret));
    }

    private Optional<Path> find() {
        String path = environment.getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program());
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static CompletableFuture<byte[]> readAsync(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                var out = new ByteArrayOutputStream();
                stream.transferTo(out);
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s*\\n\\s*", "; ");
        return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE) + "…";
    }
}
