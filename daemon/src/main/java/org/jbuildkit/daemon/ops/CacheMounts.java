package org.jbuildkit.daemon.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.jbuildkit.api.pb.CacheSharingOpt;

/**
 * Persistent cache-mount directories, one per cache ID under {@code <root>/<sha256(id)>}, kept
 * across builds, with upstream's sharing modes enforced inside this process.
 */
final class CacheMounts {
    private final Path root;
    private final Map<String, Entry> entries = new HashMap<>();

    CacheMounts(Path root) {
        this.root = root;
    }

    /** The directory for {@code id}, held until the lease is closed; LOCKED waits for the previous holder. */
    CacheMountLease acquire(String id, CacheSharingOpt sharing) throws IOException, InterruptedException {
        String name = OpDigests.of(id).replace("sha256:", "");
        Path shared = Files.createDirectories(root.resolve(name));
        Entry entry;
        synchronized (entries) {
            entry = entries.computeIfAbsent(name, n -> new Entry());
        }
        switch (sharing) {
            case LOCKED -> {
                entry.lock.acquire();
                return new CacheMountLease(shared, entry.lock::release);
            }
            case PRIVATE -> {
                synchronized (entry) {
                    if (entry.users == 0) {
                        entry.users++;
                        return new CacheMountLease(shared, () -> release(entry));
                    }
                }
                Path fresh = Files.createTempDirectory(root, name + "-private-");
                return new CacheMountLease(fresh, () -> deleteTree(fresh));
            }
            default -> {
                synchronized (entry) {
                    entry.users++;
                }
                return new CacheMountLease(shared, () -> release(entry));
            }
        }
    }

    private static void release(Entry entry) {
        synchronized (entry) {
            entry.users--;
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Steps using the shared directory right now, and the LOCKED mode's one-at-a-time gate. */
    private static final class Entry {
        final Semaphore lock = new Semaphore(1);
        int users;
    }

    /** A cache directory lent to one step. */
    record CacheMountLease(Path dir, Runnable release) implements AutoCloseable {
        @Override
        public void close() {
            release.run();
        }
    }
}
