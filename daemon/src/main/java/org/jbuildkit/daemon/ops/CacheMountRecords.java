package org.jbuildkit.daemon.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.jbuildkit.daemon.worker.metadata.CacheRecord;
import org.jbuildkit.daemon.worker.metadata.MetadataException;
import org.jbuildkit.daemon.worker.metadata.MetadataStore;
import org.jbuildkit.daemon.worker.metadata.RecordId;
import org.jbuildkit.daemon.worker.metadata.RecordType;
import org.jbuildkit.daemon.worker.snapshot.FileTree;
import org.jbuildkit.llb.GoJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cache-mount directories as build-cache records, as upstream keeps them: one mutable
 * {@code exec.cachemount} record per directory, created on first use, leased while a step has it
 * mounted (so {@code prune} and GC leave it alone), then counted as used, its size to be measured
 * again, when the step lets go.
 */
final class CacheMountRecords {
    private static final Logger LOG = LoggerFactory.getLogger(CacheMountRecords.class);
    /** A cache mount's lease belongs to the one step that has it mounted, not to a whole build. */
    private static final String LEASE_OWNER = "exec cache mount";

    private final MetadataStore store;
    private final Clock clock;

    CacheMountRecords(MetadataStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** One step's use of a cache directory: its record and the lease holding it. */
    record Use(RecordId record, String lease, Path dir) {
    }

    /**
     * Upstream's description: {@code cached mount <dest> from exec <args>}, and {@code with id "<id>"}
     * unless the ID is the target (Dockerfile's default).
     */
    static String description(String dest, String stepName, String id) {
        String text = "cached mount " + dest + " from " + stepName;
        return id.equals(dest) ? text : text + " with id " + GoJson.goQuote(id);
    }

    /**
     * Leases the record of {@code dir}, creating it on first use; call before the directory is made or
     * mounted, so no prune can take the record between.
     */
    Use open(Path dir, String description) {
        Instant now = clock.instant();
        try {
            return store.transaction(tx -> {
                RecordId id = tx.cacheRecords().byDirectory(dir).map(CacheRecord::id).orElse(null);
                if (id == null) {
                    id = RecordId.newId();
                    tx.cacheRecords().insert(CacheRecord.builder(id, RecordType.CACHE_MOUNT).directory(dir)
                            .description(description).mutable(true).createdAt(now).build());
                }
                String lease = tx.leases().create(LEASE_OWNER, now).id();
                tx.leases().acquire(lease, id);
                return new Use(id, lease, dir);
            });
        } catch (MetadataException e) {
            throw new MetadataException("cannot record the " + description + " in the build cache, so a prune"
                    + " could take it while the step runs: " + e.getMessage(), e);
        }
    }

    /**
     * Ends a use: the use is counted, the lease goes, and the size is forgotten: the step changed the
     * directory, and walking it here would make every step (and a LOCKED waiter) wait for a walk of the
     * whole cache, so {@code du}, prune and GC measure it when they need it. Failing to write that is
     * logged, not thrown: the step is done and its cache is intact; a lease left behind keeps the record
     * until the daemon restarts.
     */
    void close(Use use) {
        Instant now = clock.instant();
        try {
            store.transaction(tx -> {
                tx.cacheRecords().setSize(use.record(), null);
                tx.cacheRecords().markUsed(use.record(), now);
                return tx.leases().remove(use.lease());
            });
        } catch (MetadataException e) {
            LOG.warn("cache mount {}: could not record its use: {}", use.dir(), e.getMessage());
            try {
                store.transaction(tx -> tx.leases().remove(use.lease()));
            } catch (MetadataException again) {
                LOG.warn("cache mount {} stays in use until the daemon restarts: {}", use.dir(), again.getMessage());
            }
        }
    }

    /**
     * Ends a use and deletes the directory with its record (a PRIVATE step's own directory), marked
     * deleted first so a crash midway leaves what the next prune finishes.
     */
    void discard(Use use) {
        try {
            store.transaction(tx -> {
                tx.leases().remove(use.lease());
                return tx.cacheRecords().markDeleted(use.record());
            });
            FileTree.delete(use.dir());
            store.transaction(tx -> tx.cacheRecords().delete(use.record()));
        } catch (MetadataException | IOException e) {
            LOG.warn("private cache mount {} is left for the next prune: {}", use.dir(), e.getMessage());
        }
    }

    /**
     * Makes a record for each directory under {@code root} that none names: cache mounts a jbuildkit
     * from before they were records left (or a PRIVATE step's directory from then), so {@code du} shows
     * them and prune and GC weigh them by their last change; one used again keeps its content. Directories
     * a removal moved aside are the removal's to finish. Runs at start, before any step; failing is logged.
     */
    void adoptUnrecorded(Path root) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> listing = Files.list(root)) {
            List<Path> dirs = listing.filter(d -> Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS))
                    .filter(d -> !d.getFileName().toString().startsWith("deleting-")).sorted().toList();
            int adopted = 0;
            for (Path dir : dirs) {
                Instant changed = Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).toInstant();
                adopted += store.transaction(tx -> {
                    if (tx.cacheRecords().byDirectory(dir).isPresent()) {
                        return 0;
                    }
                    tx.cacheRecords().insert(CacheRecord.builder(RecordId.newId(), RecordType.CACHE_MOUNT)
                            .directory(dir).mutable(true).createdAt(changed).lastUsed(changed, 1)
                            .description("cached mount directory " + dir.getFileName()
                                    + " (from before cache mounts were recorded)").build());
                    return 1;
                });
            }
            if (adopted > 0) {
                LOG.info("{} cache mount director{} under {} had no record and now {} one", adopted,
                        adopted == 1 ? "y" : "ies", root, adopted == 1 ? "has" : "have");
            }
        } catch (IOException | MetadataException e) {
            LOG.warn("cache mount directories under {} without a record stay out of du and prune: {}", root,
                    e.getMessage());
        }
    }
}
