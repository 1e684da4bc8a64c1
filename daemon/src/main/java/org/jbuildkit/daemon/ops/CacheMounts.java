package org.jbuildkit.daemon.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.jbuildkit.api.Identity;
import org.jbuildkit.api.pb.CacheSharingOpt;

/**
 * Persistent cache-mount directories, one per cache ID under {@code <root>/<sha256(id)>}, kept
 * across builds, with upstream's sharing modes enforced inside this process. Each directory is a
 * build-cache record ({@link CacheMountRecords}) that is in use while a step has it.
 */
final class CacheMounts {
    private final Path root;
    private final CacheMountRecords records;
    private final Map<String, Entry> entries = new HashMap<>();

    CacheMounts(Path root, CacheMountRecords records) {
        this.root = root;
        this.records = records;
    }

    /**
     * The directory for {@code id}, held until the lease is closed; LOCKED waits for the previous holder
     * (a waiter holds no record yet). {@code description} names the record when this is its first use.
     */
    CacheMountLease acquire(String id, CacheSharingOpt sharing, String description)
            throws IOException, InterruptedException {
        String name = OpDigests.of(id).replace("sha256:", "");
        Path shared = root.resolve(name);
        Entry entry;
        synchronized (entries) {
            entry = entries.computeIfAbsent(name, n -> new Entry());
        }
        switch (sharing) {
            case LOCKED -> {
                entry.lock.acquire();
                return lend(shared, description, false, entry.lock::release);
            }
            case PRIVATE -> {
                boolean first;
                synchronized (entry) {
                    first = entry.users == 0;
                    if (first) {
                        entry.users++;
                    }
                }
                return first ? lend(shared, description, false, () -> release(entry))
                        : lend(root.resolve(name + "-private-" + Identity.newId()), description, true, () -> { });
            }
            default -> {
                synchronized (entry) {
                    entry.users++;
                }
                return lend(shared, description, false, () -> release(entry));
            }
        }
    }

    /**
     * Leases the directory's record before the directory is made, so a prune either took the old one
     * first (then this use starts empty) or sees it in use. Closing records the use, or for a step's own
     * PRIVATE directory ({@code discard}) deletes it, and then lets the next waiter in.
     */
    private CacheMountLease lend(Path dir, String description, boolean discard, Runnable unlock) throws IOException {
        CacheMountRecords.Use use = null;
        try {
            use = records.open(dir, description);
            Files.createDirectories(dir);
        } catch (IOException | RuntimeException e) {
            if (use != null) {
                end(use, discard);
            }
            unlock.run();
            throw e;
        }
        CacheMountRecords.Use held = use;
        return new CacheMountLease(dir, () -> {
            try {
                end(held, discard);
            } finally {
                unlock.run();
            }
        });
    }

    private void end(CacheMountRecords.Use use, boolean discard) {
        if (discard) {
            records.discard(use);
        } else {
            records.close(use);
        }
    }

    private static void release(Entry entry) {
        synchronized (entry) {
            entry.users--;
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
