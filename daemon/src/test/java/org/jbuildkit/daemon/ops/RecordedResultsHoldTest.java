package org.jbuildkit.daemon.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jbuildkit.daemon.cache.PruneOptions;
import org.jbuildkit.daemon.cache.RecordedBuildCache;
import org.jbuildkit.daemon.config.DiskStat;
import org.jbuildkit.daemon.solver.ResultHold;
import org.jbuildkit.daemon.worker.metadata.MetadataStore;
import org.jbuildkit.daemon.worker.metadata.RecordFilter;
import org.jbuildkit.daemon.worker.metadata.RecordId;
import org.jbuildkit.daemon.worker.metadata.Tx;
import org.jbuildkit.daemon.worker.metadata.UsageRow;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.SnapshotterSelector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds hold the results they find or make, and pruning leaves held results alone. */
class RecordedResultsHoldTest {
    private static final String KEY = "sha256:" + "1".repeat(64);
    private static final PruneOptions EVERYTHING = new PruneOptions(RecordFilter.all(), true, Duration.ZERO, 0, 0, 0);

    @TempDir
    Path root;
    MetadataStore store;
    RecordedResults results;
    RecordedBuildCache cache;

    @BeforeEach
    void open() throws Exception {
        store = MetadataStore.open(root);
        results = new RecordedResults(store, Clock.systemUTC());
        cache = new RecordedBuildCache(store, SnapshotterSelector.forConfig("native", root), Clock.systemUTC(),
                () -> DiskStat.UNKNOWN);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private List<UsageRow> rows() {
        return store.read((Tx tx) -> tx.usage().all());
    }

    @Test
    void aResultFoundUnderAHoldStaysUntilTheHoldIsReleased() {
        results.record(KEY, List.of(new SnapshotResult(new SnapshotId("41"))));
        ResultHold hold = results.hold("build-1");

        assertThat(results.lookup(KEY, hold)).hasValueSatisfying(ids -> assertThat(ids).hasSize(1));
        assertThat(rows()).singleElement().extracting(UsageRow::inUse).isEqualTo(true);
        cache.prune(EVERYTHING, removed -> { });
        assertThat(rows()).hasSize(1);

        results.release(hold);
        cache.prune(EVERYTHING, removed -> { });
        assertThat(rows()).isEmpty();
        assertThat(results.lookup(KEY)).isEmpty();
    }

    @Test
    void resultsRecordedForWaitingBuildsAreHeldForEachOfThem() {
        ResultHold first = results.hold("build-1");
        ResultHold second = results.hold("build-2");
        results.record(KEY, List.of(new SnapshotResult(new SnapshotId("7"))), List.of(first, second));

        results.release(first);
        cache.prune(EVERYTHING, removed -> { });
        assertThat(rows()).hasSize(1);
        results.release(second);
        cache.prune(EVERYTHING, removed -> { });
        assertThat(rows()).isEmpty();
    }

    @Test
    void aMissUnderAHoldHoldsNothing() {
        ResultHold hold = results.hold("build-1");
        assertThat(results.lookup(KEY, hold)).isEmpty();
        assertThat(store.read((Tx tx) -> tx.leases().held(hold.id()))).isEmpty();
    }

    @Test
    void aNewRecordCountsAsUsedOnceByTheBuildThatMadeIt() {
        results.record(KEY, List.of(new SnapshotResult(new SnapshotId("3"))));
        UsageRow row = rows().get(0);
        assertThat(row.usageCount()).isEqualTo(1);
        assertThat(row.lastUsedAt()).isEqualTo(row.createdAt());
    }

    @Test
    void aFreshDaemonEndsTheHoldsOfThePreviousProcess() {
        results.record(KEY, List.of(new SnapshotResult(new SnapshotId("5"))));
        ResultHold hold = results.hold("build-of-a-killed-daemon");
        results.lookup(KEY, hold);

        RecordedResults.startingFresh(store, Clock.systemUTC());

        assertThat(rows()).singleElement().extracting(UsageRow::inUse).isEqualTo(false);
        assertThat(store.read((Tx tx) -> tx.leases().all())).isEmpty();
    }

    @Test
    void aRecordPrunedAfterTheLookupIsNoLongerFound() {
        results.record(KEY, List.of(new SnapshotResult(new SnapshotId("9"))));
        RecordId id = new RecordId(results.lookup(KEY).orElseThrow().get(0));
        cache.prune(EVERYTHING, removed -> { });
        assertThat(results.lookup(KEY, results.hold("late"))).isEmpty();
        assertThat(store.read((Tx tx) -> tx.cacheRecords().get(id))).isEmpty();
    }
}
