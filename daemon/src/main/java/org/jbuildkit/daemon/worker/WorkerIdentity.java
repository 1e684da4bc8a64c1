package org.jbuildkit.daemon.worker;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;

/**
 * The worker's stable ID: a random 25-character base-36 identifier (upstream's identity.NewID form),
 * generated once and kept in the root directory so it survives restarts.
 */
public final class WorkerIdentity {
    private static final SecureRandom RANDOM = new SecureRandom();

    private WorkerIdentity() {
    }

    /** A fresh random ID in upstream's form: 128 random bits in base 36, zero-padded to 25 characters. */
    public static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String id = new BigInteger(1, bytes).toString(36);
        return "0".repeat(Math.max(0, 25 - id.length())) + id;
    }

    /** Reads {@code <root>/workerid}, creating it (atomically) on first use. */
    public static String load(Path root) throws IOException {
        Path file = root.resolve("workerid");
        if (Files.exists(file)) {
            String id = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!id.isEmpty()) {
                return id;
            }
        }
        String id = newId();
        Path tmp = Files.createTempFile(root, "workerid", ".tmp");
        Files.writeString(tmp, id, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return id;
    }
}
