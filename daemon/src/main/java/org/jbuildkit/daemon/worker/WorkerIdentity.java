package org.jbuildkit.daemon.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The worker's stable ID: a random 25-character base-36 identifier (upstream's identity.NewID form),
 * generated once and kept in the root directory so it survives restarts.
 */
public final class WorkerIdentity {
    private WorkerIdentity() {
    }

    /** A fresh random ID in upstream's form. */
    public static String newId() {
        return org.jbuildkit.api.Identity.newId();
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
