package org.jbuildkit.daemon.gc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jbuildkit.api.types.GCPolicy;
import org.jbuildkit.daemon.cache.PruneOptions;
import org.jbuildkit.daemon.cache.RecordedBuildCache;
import org.jbuildkit.daemon.config.DiskStat;
import org.jbuildkit.daemon.worker.metadata.CacheKeyResult;
import org.jbuildkit.daemon.worker.metadata.CacheRecord;
import org.jbuildkit.daemon.worker.metadata.Lease;
import org.jbuildkit.daemon.worker.metadata.MetadataStore;
import org.jbuildkit.daemon.worker.metadata.RecordFilter;
import org.jbuildkit.daemon.worker.metadata.RecordId;
import org.jbuildkit.daemon.worker.metadata.RecordParent;
import org.jbuildkit.daemon.worker.metadata.RecordType;
import org.jbuildkit.daemon.worker.metadata.Tx;
import org.jbuildkit.daemon.worker.metadata.UsageRow;
import org.jbuildkit.daemon.worker.snapshot.ActiveSnapshot;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;
import org.jbuildkit.daemon.worker.snapshot.SnapshotterSelector;
import org.jbuildkit.registry.image.Digest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policies applied over a real metadata store and a real (native) snapshotter; record sizes are set
 * by hand where only the arithmetic matters.
 */
class GarbageCollectorTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @TempDir
    Path root;
    MetadataStore store;
    Snapshotter snapshotter;
    MutableClock clock = new MutableClock(NOW);
    AtomicLong free = new AtomicLong(1L << 40);
    RecordedBuildCache cache;

    @BeforeEach
    void open() throws Exception {
        store = MetadataStore.open(root);
        snapshotter = SnapshotterSelector.forConfig("native", root);
        cache = new RecordedBuildCache(store, snapshotter, clock, () -> new DiskStat(1L << 41, free.get(), free.get()));
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A record of {@code size} bytes last used {@code ago} before now, with a cache key pointing at it. */
    private RecordId record(RecordType type, long size, Duration ago, RecordParent... parents) {
        RecordId id = RecordId.newId();
        CacheRecord.Builder b = CacheRecord.builder(id, type).size(size).createdAt(NOW.minus(Duration.ofDays(90)))
                .lastUsed(NOW.minus(ago), 1);
        for (RecordParent p : parents) {
            b.parent(p);
        }
        store.transaction(tx -> {
            tx.cacheRecords().insert(b.build());
            tx.cacheKeys().add(new CacheKeyResult(Digest.sha256(id.value().getBytes()), 0, id, NOW));
            return null;
        });
        return id;
    }

    private static PruneOptions policy(String filter, Duration keep, long reserved, long maxUsed, long minFree) {
        return new PruneOptions(filter.isEmpty() ? RecordFilter.all() : RecordFilter.parse(filter), false, keep,
                reserved, maxUsed, minFree);
    }

    private static PruneOptions space(long maxUsed) {
        return policy("", Duration.ZERO, 0, maxUsed, 0);
    }

    private List<RecordId> live() {
        return store.read(tx -> tx.usage().all()).stream().map(UsageRow::id).toList();
    }

    private GarbageCollector.Freed collect(PruneOptions... policies) {
        return new GarbageCollector(cache, List.of(policies)).collect();
    }

    @Test
    void maxUsedSpaceRemovesLeastRecentlyUsedRecordsUntilTheCacheIsBelowIt() {
        RecordId oldest = record(RecordType.REGULAR, 100, Duration.ofHours(5));
        RecordId old = record(RecordType.REGULAR, 100, Duration.ofHours(4));
        RecordId middle = record(RecordType.REGULAR, 100, Duration.ofHours(3));
        RecordId recent = record(RecordType.REGULAR, 100, Duration.ofHours(2));
        RecordId newest = record(RecordType.REGULAR, 100, Duration.ofHours(1));

        GarbageCollector.Freed freed = collect(space(250));

        assertThat(live()).containsExactlyInAnyOrder(recent, newest);
        assertThat(freed).isEqualTo(new GarbageCollector.Freed(3, 300));
        assertThat(store.read((Tx tx) -> tx.cacheKeys().byRecord(oldest))).isEmpty();
        assertThat(live()).doesNotContain(old, middle);
    }

    @Test
    void policiesRunInOrderEachWithItsOwnFilter() {
        RecordId local = record(RecordType.LOCAL_SOURCE, 400, Duration.ofMinutes(1));
        RecordId mount = record(RecordType.CACHE_MOUNT, 400, Duration.ofMinutes(2));
        RecordId oldRegular = record(RecordType.REGULAR, 100, Duration.ofHours(9));
        RecordId regular = record(RecordType.REGULAR, 100, Duration.ofSeconds(30));

        collect(policy("type==source.local", Duration.ZERO, 0, 0, 0), space(350));

        // The first rule takes every local source; the second sheds least recently used records down
        // to 350 bytes: the old regular one, then the cache mount (the most recently used goes last).
        assertThat(live()).containsExactly(regular);
        assertThat(live()).doesNotContain(local, mount, oldRegular);
    }

    @Test
    void reservedSpaceAloneKeepsThatMuchCache() {
        record(RecordType.REGULAR, 100, Duration.ofHours(3));
        record(RecordType.REGULAR, 100, Duration.ofHours(2));
        RecordId newest = record(RecordType.REGULAR, 100, Duration.ofHours(1));

        collect(policy("", Duration.ZERO, 150, 0, 0));

        assertThat(live()).containsExactly(newest);
    }

    @Test
    void minFreeSpaceRemovesWhatTheDiskLacksAndNothingWhenItHasEnough() {
        RecordId a = record(RecordType.REGULAR, 100, Duration.ofHours(3));
        RecordId b = record(RecordType.REGULAR, 100, Duration.ofHours(2));
        RecordId c = record(RecordType.REGULAR, 100, Duration.ofHours(1));

        free.set(1000);
        collect(policy("", Duration.ZERO, 0, 0, 900));
        assertThat(live()).containsExactlyInAnyOrder(a, b, c);

        free.set(750);
        collect(policy("", Duration.ZERO, 0, 0, 900));
        // 150 bytes short: total 300 must get below 150, so two records go.
        assertThat(live()).containsExactly(c);
    }

    @Test
    void keepDurationKeepsRecordsUsedSinceThenEvenOverTheLimit() {
        RecordId stale = record(RecordType.REGULAR, 100, Duration.ofHours(50));
        RecordId fresh = record(RecordType.REGULAR, 100, Duration.ofHours(47));

        collect(policy("", Duration.ofHours(48), 0, 1, 0));
        assertThat(live()).containsExactly(fresh).doesNotContain(stale);

        clock.advance(Duration.ofHours(2));
        collect(policy("", Duration.ofHours(48), 0, 1, 0));
        assertThat(live()).isEmpty();
    }

    @Test
    void internalFrontendAndSharedRecordsGoOnlyUnderAnAllRule() {
        RecordId internal = record(RecordType.INTERNAL, 10, Duration.ofDays(100));
        RecordId frontend = record(RecordType.FRONTEND, 10, Duration.ofDays(100));
        RecordId regular = record(RecordType.REGULAR, 10, Duration.ofDays(100));

        collect(policy("", Duration.ZERO, 0, 0, 0));
        assertThat(live()).containsExactlyInAnyOrder(internal, frontend).doesNotContain(regular);

        collect(new PruneOptions(RecordFilter.all(), true, Duration.ZERO, 0, 0, 0));
        assertThat(live()).isEmpty();
    }

    @Test
    void aRecordABuildHoldsAndItsParentsStay() {
        RecordId base = record(RecordType.REGULAR, 100, Duration.ofDays(9));
        RecordId held = record(RecordType.REGULAR, 100, Duration.ofDays(8), RecordParent.layer(base));
        RecordId loose = record(RecordType.REGULAR, 100, Duration.ofDays(7));
        Lease lease = store.transaction(tx -> tx.leases().create("build", NOW));
        store.transaction(tx -> {
            tx.leases().acquire(lease.id(), held);
            return null;
        });

        collect(new PruneOptions(RecordFilter.all(), true, Duration.ZERO, 0, 0, 0));
        assertThat(live()).containsExactlyInAnyOrder(base, held).doesNotContain(loose);

        store.transaction(tx -> tx.leases().remove(lease.id()));
        collect(new PruneOptions(RecordFilter.all(), true, Duration.ZERO, 0, 0, 0));
        assertThat(live()).isEmpty();
    }

    @Test
    void aParentRecordGoesOnlyAfterItsChildrenEvenWhenItIsOlder() {
        RecordId parent = record(RecordType.REGULAR, 100, Duration.ofDays(9));
        RecordId child = record(RecordType.REGULAR, 100, Duration.ofDays(1), RecordParent.layer(parent));
        RecordId other = record(RecordType.REGULAR, 100, Duration.ofDays(5));
        List<String> order = new ArrayList<>();

        cache.prune(space(150), removed -> order.add(removed.getID()));

        // Oldest first would be the parent, but it waits for its child: the other record goes, then the child.
        assertThat(order).containsExactly(other.value(), child.value());
        assertThat(live()).containsExactly(parent);
    }

    @Test
    void aSnapshotOthersBuildOnStaysUntilTheyAreGoneAndThenItsDirectoryGoes() throws Exception {
        SnapshotId base = committed("base", null);
        SnapshotId step = committed("step", base);
        RecordId baseRecord = snapshotRecord(base, Duration.ofDays(3));
        RecordId stepRecord = snapshotRecord(step, Duration.ofDays(1));
        List<String> order = new ArrayList<>();

        cache.prune(new PruneOptions(RecordFilter.all(), false, Duration.ZERO, 0, 0, 0),
                removed -> order.add(removed.getID()));

        assertThat(order).containsExactly(stepRecord.value(), baseRecord.value());
        assertThat(live()).isEmpty();
        assertThat(Files.list(root.resolve("snapshots")).toList()).isEmpty();
    }

    @Test
    void theUnrecordedLayersUnderARemovedSnapshotGoTooUnlessOthersStillBuildOnThem() throws Exception {
        SnapshotId bottom = committed("bottom", null);
        SnapshotId middle = committed("middle", bottom);
        SnapshotId top = committed("top", middle);
        SnapshotId sibling = committed("sibling", bottom);
        RecordId image = snapshotRecord(top, Duration.ofDays(2));
        RecordId other = snapshotRecord(sibling, Duration.ofDays(1));

        collect(new PruneOptions(RecordFilter.parse("id==" + image), false, Duration.ZERO, 0, 0, 0));
        // top and middle went; bottom carries the sibling.
        assertThat(Files.list(root.resolve("snapshots")).map(p -> p.getFileName().toString()).sorted().toList())
                .containsExactly(bottom.value(), sibling.value());
        assertThat(live()).containsExactly(other);

        collect(new PruneOptions(RecordFilter.all(), false, Duration.ZERO, 0, 0, 0));
        assertThat(Files.list(root.resolve("snapshots")).toList()).isEmpty();
    }

    @Test
    void aSnapshotTwoRecordsShareStaysWhileOneOfThemIsLeft() throws Exception {
        SnapshotId shared = committed("shared", null);
        RecordId first = snapshotRecord(shared, Duration.ofDays(3));
        RecordId second = snapshotRecord(shared, Duration.ofDays(1));

        collect(new PruneOptions(RecordFilter.parse("id==" + first), false, Duration.ZERO, 0, 0, 0));
        assertThat(live()).containsExactly(second);
        assertThat(snapshotter.usage(shared).size()).isEqualTo(5);

        collect(new PruneOptions(RecordFilter.all(), false, Duration.ZERO, 0, 0, 0));
        assertThat(Files.list(root.resolve("snapshots")).toList()).isEmpty();
    }

    @Test
    void aDeletionACrashInterruptedIsFinishedByTheNextRun() throws Exception {
        SnapshotId snapshot = committed("left", null);
        RecordId marked = snapshotRecord(snapshot, Duration.ofDays(1));
        RecordId kept = record(RecordType.REGULAR, 10, Duration.ofMinutes(1));
        store.transaction(tx -> tx.cacheRecords().markDeleted(marked));

        collect(space(1000));

        assertThat(store.read((Tx tx) -> tx.cacheRecords().markedDeleted())).isEmpty();
        assertThat(Files.list(root.resolve("snapshots")).toList()).isEmpty();
        assertThat(live()).containsExactly(kept);
    }

    @Test
    void theWorkersPoliciesBecomePrunesWithTheirBytes() {
        List<PruneOptions> prunes = GarbageCollector.policies(List.of(GCPolicy.newBuilder().setAll(true)
                .addFilters("type==source.local").setKeepDuration(Duration.ofHours(48).toNanos())
                .setReservedSpace(1).setMaxUsedSpace(2).setMinFreeSpace(3).build()));
        assertThat(prunes).singleElement().satisfies(p -> {
            assertThat(p.all()).isTrue();
            assertThat(p.keepDuration()).isEqualTo(Duration.ofHours(48));
            assertThat(List.of(p.reservedSpace(), p.maxUsedSpace(), p.minFreeSpace())).containsExactly(1L, 2L, 3L);
        });
    }

    private SnapshotId committed(String key, SnapshotId parent) throws Exception {
        ActiveSnapshot active = snapshotter.prepare(key, parent);
        Files.writeString(active.upperDir().resolve(key + ".txt"), "12345");
        return snapshotter.commit(key);
    }

    private RecordId snapshotRecord(SnapshotId snapshot, Duration ago) {
        RecordId id = RecordId.newId();
        store.transaction(tx -> {
            tx.cacheRecords().insert(CacheRecord.builder(id, RecordType.REGULAR).snapshotId(snapshot.value())
                    .createdAt(NOW.minus(Duration.ofDays(30))).lastUsed(NOW.minus(ago), 1).build());
            return null;
        });
        return id;
    }
}
