package org.jbuildkit.daemon.source.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.jbuildkit.registry.image.Digest;

/**
 * The daemon's copies of clients' local directories, under {@code <root>/local-sync}: one per shared key
 * (the directory's name, the source's shared-key hint and the session's shared key, as upstream), kept
 * between builds so the next sync moves only what changed. A copy in use by one build is never given to
 * another: a second build syncing the same key at once gets a copy of its own.
 */
final class LocalSyncDirs {
    private final Path root;
    private final Set<Path> inUse = new HashSet<>();

    LocalSyncDirs(Path daemonRoot) throws IOException {
        this.root = Files.createDirectories(daemonRoot.resolve("local-sync"));
    }

    /** A copy for {@code sharedKey} that no other build holds; close the lease to give it back. */
    Lease acquire(String sharedKey) throws IOException {
        String base = Digest.sha256(sharedKey.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex().substring(0, 32);
        Path dir;
        synchronized (inUse) {
            int n = 0;
            do {
                dir = root.resolve(n == 0 ? base : base + "-" + n);
                n++;
            } while (inUse.contains(dir));
            inUse.add(dir);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException | RuntimeException e) {
            release(dir);
            throw e;
        }
        return new Lease(dir);
    }

    private void release(Path dir) {
        synchronized (inUse) {
            inUse.remove(dir);
        }
    }

    /** One build's hold on a copy. */
    final class Lease implements AutoCloseable {
        private final Path dir;

        private Lease(Path dir) {
            this.dir = dir;
        }

        Path dir() {
            return dir;
        }

        @Override
        public void close() {
            release(dir);
        }
    }
}
