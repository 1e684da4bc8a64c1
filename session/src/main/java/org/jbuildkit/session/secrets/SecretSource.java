package org.jbuildkit.session.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where one build secret comes from on the client (upstream's {@code secretsprovider.Source}):
 * a file read when the daemon asks, or an environment variable. Exactly one of the two is set.
 */
public record SecretSource(String id, Path file, String env) {
    /** Upstream's limit on one secret's size. */
    public static final int MAX_SIZE = 500 * 1024;

    public SecretSource {
        Objects.requireNonNull(id, "id");
        if ((file == null) == (env == null)) {
            throw new IllegalArgumentException("secret " + id + " needs exactly one of a file or an env variable");
        }
    }

    public static SecretSource ofFile(String id, Path file) {
        return new SecretSource(id, file, null);
    }

    public static SecretSource ofEnv(String id, String env) {
        return new SecretSource(id, null, env);
    }

    /** The secret's bytes as they are now; an unset variable reads as empty, as upstream. */
    public byte[] read() throws IOException {
        if (env != null) {
            String value = System.getenv(env);
            return value == null ? new byte[0] : value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        if (Files.size(file) > MAX_SIZE) {
            throw new IOException("secret " + id + " (" + file + ") is larger than " + MAX_SIZE + " bytes");
        }
        return Files.readAllBytes(file);
    }

    @Override
    public String toString() {
        return "secret " + id + (env != null ? " from env " + env : " from " + file);
    }
}
