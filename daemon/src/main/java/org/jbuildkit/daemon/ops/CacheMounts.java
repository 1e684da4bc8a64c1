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
        return acquire(id, sharing, description, null);
    }

    /**
     * As above; a directory made by this call (the cache's first use, or a PRIVATE step's own copy) is first
     * filled by {@code seed} (null: starts empty), as upstream seeds a cache mount from its {@code from=} input.
     */
    CacheMountLease acquire(String id, CacheSharingOpt sharing, String description, Seed seed)
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
                return lend(shared, description, false, entry.lock::release, entry, seed);
            }
            case PRIVATE -> {
                boolean first;
                synchronized (entry) {
                    first = entry.users == 0;
                    if (first) {
                        entry.users++;
                    }
                }
                return first ? lend(shared, description, false, () -> release(entry), entry, seed)
                        : lend(root.resolve(name + "-private-" + Identity.newId()), description, true, () -> { },
                                new Object(), seed);
            }
            default -> {
                synchronized (entry) {
                    entry.users++;
                }
                return lend(shared, description, false, () -> release(entry), entry, seed);
            }
        }
    }

    /**
     * Leases the directory's record before the directory is made, so a prune either took the old one
     * first (then this use starts empty) or sees it in use. Closing records the use, or for a step's own
     * PRIVATE directory ({@code discard}) deletes it, and then lets the next waiter in.
     */
    private CacheMountLease lend(Path dir, String description, boolean discard, Runnable unlock, Object creation,
            Seed seed) throws IOException, InterruptedException {
        CacheMountRecords.Use use = null;
        try {
            use = records.open(dir, description);
            // Steps sharing the directory wait for the one that makes it to finish seeding it.
            synchronized (creation) {
                if (!Files.isDirectory(dir)) {
                    create(dir, seed);
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
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

    /** Makes the directory whole or not at all: seeded next to its final name, then renamed into place. */
    private static void create(Path dir, Seed seed) throws IOException, InterruptedException {
        if (seed == null) {
            Files.createDirectories(dir);
            return;
        }
        Path staging = dir.resolveSibling(dir.getFileName() + "-seeding-" + Identity.newId());
        Files.createDirectories(staging);
        try {
            seed.fill(staging);
            Files.move(staging, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (Files.exists(staging)) {
                org.jbuildkit.daemon.worker.snapshot.FileTree.delete(staging);
            }
        }
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

    /** Fills a new cache directory, e.g. with a copy of the mount's input. */
    interface Seed {
        void fill(Path dir) throws IOException, InterruptedException;
    }

    /** A cache directory lent to one step. */
    record CacheMountLease(Path dir, Runnable release) implements AutoCloseable {
        @Override
        public void close() {
            release.run();
        }
    }
}
