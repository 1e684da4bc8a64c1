package org.jbuildkit.daemon.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A build's lookups and records go through its hold, which ends when the job is closed. */
class SolverHoldsTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** The memory store, noting what happens to holds. */
    static final class HoldingStore extends FakeRunners.MemoryStore {
        final List<String> events = new CopyOnWriteArrayList<>();
        final AtomicInteger holds = new AtomicInteger();

        @Override
        public ResultHold hold(String build) {
            return new ResultHold("hold-" + holds.incrementAndGet());
        }

        @Override
        public Optional<List<String>> lookup(String cacheKey, ResultHold hold) {
            Optional<List<String>> found = lookup(cacheKey);
            events.add((found.isPresent() ? "hit " : "miss ") + hold.id());
            return found;
        }

        @Override
        public void record(String cacheKey, List<ResultRef> results, List<ResultHold> holders) {
            record(cacheKey, results);
            events.add("record " + holders.stream().map(ResultHold::id).toList());
        }

        @Override
        public void release(ResultHold hold) {
            events.add("release " + hold.id());
        }
    }

    @Test
    void lookupsAndRecordsUseTheBuildsHoldAndClosingReleasesItAndTellsListeners() throws Exception {
        HoldingStore store = new HoldingStore();
        Solver solver = new Solver(new FakeRunners().runners(), store, (ref, selector) -> "", executor, 0,
                Clock.systemUTC());
        AtomicInteger finished = new AtomicInteger();
        solver.addBuildListener(finished::incrementAndGet);
        solver.addBuildListener(() -> {
            throw new IllegalStateException("a broken listener changes nothing");
        });
        TestGraphs g = new TestGraphs();
        BuildGraph graph = BuildGraph.load(g.definition(g.exec("step", g.source("docker-image://busybox"))));

        SolveJob first = solver.solve(graph, SolveOptions.defaults(), ProgressSink.NONE);
        first.result().get(10, TimeUnit.SECONDS);
        assertThat(store.events).containsExactly("miss hold-1", "record [hold-1]", "miss hold-1", "record [hold-1]");
        assertThat(finished).hasValue(0);

        first.close();
        first.close();
        assertThat(store.events).endsWith("release hold-1").filteredOn(e -> e.startsWith("release")).hasSize(1);
        assertThat(finished).hasValue(1);

        SolveJob second = solver.solve(graph, SolveOptions.defaults(), ProgressSink.NONE);
        second.result().get(10, TimeUnit.SECONDS);
        second.close();
        assertThat(store.events.subList(5, store.events.size())).containsExactly("hit hold-2", "hit hold-2",
                "release hold-2");
        assertThat(finished).hasValue(2);
    }

    @Test
    void aBuildStillRunsWhenTheStoreCannotTakeAHold() throws Exception {
        FakeRunners.MemoryStore refusing = new FakeRunners.MemoryStore() {
            @Override
            public ResultHold hold(String build) {
                throw new IllegalStateException("database or disk is full");
            }
        };
        Solver solver = new Solver(new FakeRunners().runners(), refusing, (ref, selector) -> "", executor, 0,
                Clock.systemUTC());
        TestGraphs g = new TestGraphs();
        SolveJob job = solver.solve(BuildGraph.load(g.definition(g.exec("step", g.source("docker-image://busybox")))),
                SolveOptions.defaults(), ProgressSink.NONE);
        assertThat(job.result().get(10, TimeUnit.SECONDS).id()).isEqualTo("step(docker-image://busybox)");
        job.close();
    }
}
