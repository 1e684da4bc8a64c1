package org.jbuildkit.daemon.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jbuildkit.api.control.UsageRecord;
import org.jbuildkit.api.pb.CacheSharingOpt;
import org.jbuildkit.daemon.cache.PruneOptions;
import org.jbuildkit.daemon.cache.RecordedBuildCache;
import org.jbuildkit.daemon.config.DiskStat;
import org.jbuildkit.daemon.worker.metadata.MetadataStore;
import org.jbuildkit.daemon.worker.metadata.RecordFilter;
import org.jbuildkit.daemon.worker.metadata.RecordId;
import org.jbuildkit.daemon.worker.metadata.RecordType;
import org.jbuildkit.daemon.worker.metadata.Tx;
import org.jbuildkit.daemon.worker.metadata.UsageRow;
import org.jbuildkit.daemon.worker.snapshot.SnapshotterSelector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Cache mounts as build-cache records, over a real metadata store and real directories; pruned by the real cache. */
@Timeout(60)
class CacheMountRecordsTest {
    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    private static final RecordFilter CACHE_MOUNTS = RecordFilter.parse("type==exec.cachemount");

    @TempDir
    Path root;
    private MetadataStore store;
    private CacheMounts caches;
    private Path dirs;

    @BeforeEach
    void open() {
        store = MetadataStore.open(root);
        dirs = root.resolve("cachemounts");
        caches = new CacheMounts(dirs, new CacheMountRecords(store, Clock.fixed(T0, ZoneOffset.UTC)));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private List<UsageRow> rows() {
        return store.read(tx -> tx.usage().matching(CACHE_MOUNTS));
    }

    private UsageRow row() {
        assertThat(rows()).hasSize(1);
        return rows().get(0);
    }

    private CacheMounts.CacheMountLease acquire(String id, CacheSharingOpt sharing) throws Exception {
        return caches.acquire(id, sharing, CacheMountRecords.description("/cache", "exec /bin/sh -c make", id));
    }

    /** The daemon's cache as {@code buildctl prune} and GC reach it, {@code later} after the mounts were used. */
    private RecordedBuildCache cache(Duration later) throws Exception {
        return new RecordedBuildCache(store, SnapshotterSelector.forConfig("native", root),
                Clock.fixed(T0.plus(later), ZoneOffset.UTC), () -> new DiskStat(1L << 40, 1L << 39, 1L << 39));
    }

    private List<UsageRecord> prune(PruneOptions options) throws Exception {
        List<UsageRecord> removed = new ArrayList<>();
        cache(Duration.ofMinutes(1)).prune(options, removed::add);
        return removed;
    }

    private static PruneOptions pruneCacheMounts() {
        return new PruneOptions(CACHE_MOUNTS, false, Duration.ZERO, 0, 0, 0);
    }

    @Test
    void theDescriptionIsUpstreamsWithTheIdOnlyWhenItIsNotTheTarget() {
        assertThat(CacheMountRecords.description("/root/.cache", "exec /bin/sh -c go build", "/root/.cache"))
                .isEqualTo("cached mount /root/.cache from exec /bin/sh -c go build");
        assertThat(CacheMountRecords.description("/root/.cache", "exec /bin/sh -c go build", "go \"build\""))
                .isEqualTo("cached mount /root/.cache from exec /bin/sh -c go build with id \"go \\\"build\\\"\"");
    }

    @Test
    void aCacheMountIsARecordCreatedOnFirstUseAndReusedAfter() throws Exception {
        assertThat(rows()).isEmpty();
        RecordId id;
        try (var lease = acquire("go", CacheSharingOpt.SHARED)) {
            UsageRow row = row();
            id = row.id();
            assertThat(row.type()).isEqualTo(RecordType.CACHE_MOUNT);
            assertThat(row.mutable()).isTrue();
            assertThat(row.inUse()).isTrue();
            assertThat(row.description()).isEqualTo("cached mount /cache from exec /bin/sh -c make with id \"go\"");
            assertThat(row.usageCount()).isZero();
            assertThat(store.read((Tx tx) -> tx.cacheRecords().get(id)).orElseThrow().directory())
                    .isEqualTo(lease.dir());
        }
        assertThat(row().inUse()).isFalse();
        assertThat(row().usageCount()).isEqualTo(1);
        assertThat(row().lastUsedAt()).isEqualTo(T0);
        try (var again = acquire("go", CacheSharingOpt.LOCKED)) {
            assertThat(row().id()).isEqualTo(id);
        }
        assertThat(row().usageCount()).isEqualTo(2);
    }

    /** The sizes {@code du} shows for the cache mounts. */
    private List<Long> duSizes() throws Exception {
        return cache(Duration.ZERO).usage(CACHE_MOUNTS).stream().map(UsageRecord::getSize).toList();
    }

    @Test
    void theSizeIsMeasuredAgainAfterEachUseAndShownAsZeroWhileAStepWrites() throws Exception {
        try (var lease = acquire("go", CacheSharingOpt.SHARED)) {
            Files.write(lease.dir().resolve("a"), new byte[1000]);
            assertThat(duSizes()).containsExactly(0L);
        }
        assertThat(row().size()).as("unknown until asked").isNull();
        assertThat(duSizes()).containsExactly(1000L);
        assertThat(row().size()).as("kept once measured").isEqualTo(1000);
        try (var lease = acquire("go", CacheSharingOpt.SHARED)) {
            Files.createDirectories(lease.dir().resolve("sub"));
            Files.write(lease.dir().resolve("sub/b"), new byte[2500]);
        }
        assertThat(duSizes()).containsExactly(3500L);
    }

    @Test
    void aLockedWaiterHoldsNothingUntilItGetsTheMount() throws Exception {
        var first = acquire("apt", CacheSharingOpt.LOCKED);
        RecordId id = row().id();
        AtomicReference<Path> seen = new AtomicReference<>();
        AtomicInteger refsWhileHeld = new AtomicInteger(-1);
        Thread waiter = new Thread(() -> {
            try (var lease = acquire("apt", CacheSharingOpt.LOCKED)) {
                seen.set(lease.dir());
                refsWhileHeld.set(store.read((Tx tx) -> tx.leases().refCount(id)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        waiter.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (waiter.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(waiter.getState()).as("the second LOCKED step waits").isEqualTo(Thread.State.WAITING);
        assertThat(store.read((Tx tx) -> tx.leases().refCount(id))).isEqualTo(1);

        first.close();
        waiter.join();
        assertThat(seen.get()).isEqualTo(first.dir());
        assertThat(refsWhileHeld.get()).as("the waiter's own lease, once it got the mount").isEqualTo(1);
        assertThat(store.read((Tx tx) -> tx.leases().refCount(id))).isZero();
        assertThat(row().usageCount()).isEqualTo(2);
    }

    @Test
    void aPrivateOverflowDirectoryIsARecordWhileItLivesAndGoesWithIt() throws Exception {
        try (var shared = acquire("npm", CacheSharingOpt.PRIVATE)) {
            Path own;
            try (var other = acquire("npm", CacheSharingOpt.PRIVATE)) {
                own = other.dir();
                Files.writeString(own.resolve("f"), "x");
                assertThat(rows()).hasSize(2).allSatisfy(r -> assertThat(r.inUse()).isTrue());
            }
            assertThat(own).doesNotExist();
            assertThat(rows()).singleElement().satisfies(r -> assertThat(r.inUse()).isTrue());
            assertThat(store.read((Tx tx) -> tx.cacheRecords().markedDeleted())).isEmpty();
        }
    }

    @Test
    void directoriesAnOlderDaemonLeftWithoutRecordsAreAdoptedOnceAndKeepTheirContent() throws Exception {
        Path legacy = Files.createDirectories(dirs.resolve(OpDigests.of("legacy").replace("sha256:", "")));
        Files.write(legacy.resolve("kept"), new byte[700]);
        Files.setLastModifiedTime(legacy, java.nio.file.attribute.FileTime.from(T0.minus(Duration.ofDays(3))));
        Path aside = Files.createDirectories(dirs.resolve("deleting-" + RecordId.newId().value()));
        CacheMountRecords records = new CacheMountRecords(store, Clock.fixed(T0, ZoneOffset.UTC));

        records.adoptUnrecorded(dirs);
        records.adoptUnrecorded(dirs);

        UsageRow adopted = row();
        assertThat(adopted.description()).contains(legacy.getFileName().toString());
        assertThat(adopted.lastUsedAt()).isEqualTo(T0.minus(Duration.ofDays(3)));
        assertThat(store.read((Tx tx) -> tx.cacheRecords().byDirectory(aside))).isEmpty();
        try (var lease = acquire("legacy", CacheSharingOpt.SHARED)) {
            assertThat(lease.dir().resolve("kept")).exists();
            assertThat(row().id()).isEqualTo(adopted.id());
        }
        assertThat(duSizes()).containsExactly(700L);
    }

    @Test
    void pruneRemovesAnUnusedCacheMountWithItsDirectoryAndTheNextUseStartsEmpty() throws Exception {
        RecordId id;
        try (var lease = acquire("go", CacheSharingOpt.SHARED)) {
            Files.write(lease.dir().resolve("a"), new byte[1000]);
        }
        id = row().id();
        Path dir = store.read((Tx tx) -> tx.cacheRecords().get(id)).orElseThrow().directory();

        List<UsageRecord> removed = prune(pruneCacheMounts());

        assertThat(removed).singleElement().satisfies(r -> {
            assertThat(r.getID()).isEqualTo(id.value());
            assertThat(r.getSize()).isEqualTo(1000);
            assertThat(r.getRecordType()).isEqualTo("exec.cachemount");
        });
        assertThat(rows()).isEmpty();
        assertThat(store.read((Tx tx) -> tx.cacheRecords().markedDeleted())).isEmpty();
        try (var left = Files.list(dirs)) {
            assertThat(left).as("nothing left in " + dirs).isEmpty();
        }
        try (var lease = acquire("go", CacheSharingOpt.SHARED)) {
            assertThat(lease.dir()).isEqualTo(dir).isEmptyDirectory();
            assertThat(row().id()).isNotEqualTo(id);
        }
    }

    @Test
    void aMountAStepHoldsIsNotPrunedEvenWithAll() throws Exception {
        var held = acquire("go", CacheSharingOpt.SHARED);
        Files.writeString(held.dir().resolve("keep"), "x");

        assertThat(prune(new PruneOptions(RecordFilter.all(), true, Duration.ZERO, 0, 0, 0))).isEmpty();
        assertThat(held.dir().resolve("keep")).hasContent("x");
        assertThat(row().inUse()).isTrue();

        held.close();
        assertThat(prune(new PruneOptions(RecordFilter.all(), true, Duration.ZERO, 0, 0, 0))).hasSize(1);
        assertThat(held.dir()).doesNotExist();
    }

    @Test
    void keepDurationAndSpaceTargetsWeighCacheMountsByLastUseAndSize() throws Exception {
        try (var lease = acquire("old", CacheSharingOpt.SHARED)) {
            Files.write(lease.dir().resolve("a"), new byte[3000]);
        }
        RecordedBuildCache later = cache(Duration.ofHours(2));
        List<UsageRecord> removed = new ArrayList<>();
        later.prune(new PruneOptions(CACHE_MOUNTS, false, Duration.ofHours(3), 0, 0, 0), removed::add);
        assertThat(removed).as("used within the keep duration").isEmpty();

        later.prune(new PruneOptions(CACHE_MOUNTS, false, Duration.ZERO, 0, 5000, 0), removed::add);
        assertThat(removed).as("below maxUsedSpace").isEmpty();
        later.prune(new PruneOptions(CACHE_MOUNTS, false, Duration.ZERO, 0, 2000, 0), removed::add);
        assertThat(removed).singleElement().satisfies(r -> assertThat(r.getSize()).isEqualTo(3000));
        assertThat(rows()).isEmpty();
    }

    @Test
    void aRemovalACrashInterruptedIsFinishedByTheNextPruneWithoutTouchingANewerRecordsDirectory()
            throws Exception {
        Path dir;
        try (var lease = acquire("go", CacheSharingOpt.SHARED)) {
            dir = lease.dir();
            Files.writeString(dir.resolve("old"), "old");
        }
        RecordId old = row().id();
        // What a crash right after the marking transaction leaves: marked, its directory moved aside.
        store.transaction(tx -> tx.cacheRecords().markDeleted(old));
        Path aside = dir.resolveSibling("deleting-" + old.value());
        Files.move(dir, aside);
        try (var lease = acquire("go", CacheSharingOpt.SHARED)) {
            assertThat(lease.dir()).isEqualTo(dir).isEmptyDirectory();
            Files.writeString(dir.resolve("new"), "new");
        }

        assertThat(prune(new PruneOptions(RecordFilter.parse("type==regular"), false, Duration.ZERO, 0, 0, 0)))
                .isEmpty();

        assertThat(aside).doesNotExist();
        assertThat(store.read((Tx tx) -> tx.cacheRecords().markedDeleted())).isEmpty();
        assertThat(row().id()).isNotEqualTo(old);
        assertThat(dir.resolve("new")).hasContent("new");
    }

    @Test
    void aPrivateDirectoryACrashLeftBehindIsDeletedByTheNextPrune() throws Exception {
        Path own;
        try (var shared = acquire("npm", CacheSharingOpt.PRIVATE)) {
            var other = acquire("npm", CacheSharingOpt.PRIVATE);
            own = other.dir();
            Files.writeString(own.resolve("f"), "x");
            RecordId id = store.read((Tx tx) -> tx.cacheRecords().byDirectory(own)).orElseThrow().id();
            // The daemon died while discarding it: the lease is gone (as at every start), the record marked.
            store.transaction(tx -> {
                tx.leases().removeAll();
                return tx.cacheRecords().markDeleted(id);
            });
        }

        prune(new PruneOptions(RecordFilter.parse("type==regular"), false, Duration.ZERO, 0, 0, 0));

        assertThat(own).doesNotExist();
        assertThat(store.read((Tx tx) -> tx.cacheRecords().markedDeleted())).isEmpty();
        assertThat(rows()).singleElement().satisfies(r -> assertThat(r.description()).contains("npm"));
    }
}
