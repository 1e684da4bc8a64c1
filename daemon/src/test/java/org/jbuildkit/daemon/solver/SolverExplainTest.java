package org.jbuildkit.daemon.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jbuildkit.api.pb.Op;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The solver explains misses of steps that ran before under the same name, through their progress. */
class SolverExplainTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final FakeRunners fakes = new FakeRunners();
    private final FakeRunners.MemoryStore store = new FakeRunners.MemoryStore();
    private final MemoryHistory history = new MemoryHistory();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    static final class MemoryHistory implements StepHistory {
        final Map<String, StepRun> runs = new ConcurrentHashMap<>();

        @Override
        public Optional<StepRun> last(String name) {
            return Optional.ofNullable(runs.get(name));
        }

        @Override
        public void remember(String name, StepRun run) {
            runs.put(name, run);
        }
    }

    /** Progress events in order, statuses with their ID. */
    static final class Events implements ProgressSink {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void started(Vertex vertex, Instant at) {
            seen.add("start " + vertex.name());
        }

        @Override
        public void completed(Vertex vertex, Instant started, Instant at, boolean cached, Throwable error) {
            seen.add((cached ? "cached " : "done ") + vertex.name());
        }

        @Override
        public void log(Vertex vertex, int stream, byte[] data, Instant at) {
        }

        @Override
        public void status(Vertex vertex, ProgressStatus status, Instant at) {
            assertThat(status.completion()).contains(status.started());
            seen.add("status " + vertex.name() + ": " + status.id());
        }

        List<String> statuses() {
            return seen.stream().filter(e -> e.startsWith("status")).toList();
        }
    }

    /** The fake runners, with the exec's command as a labelled part of its digest. */
    private Map<Op.OpCase, OpRunner> runners() {
        Map<Op.OpCase, OpRunner> runners = new HashMap<>(fakes.runners());
        OpRunner exec = runners.get(Op.OpCase.EXEC);
        runners.put(Op.OpCase.EXEC, new OpRunner() {
            @Override
            public CacheMap cacheMap(Vertex vertex) {
                String command = vertex.op().getExec().getMeta().getArgs(0);
                return exec.cacheMap(vertex).withParts(List.of(CachePart.hashed("args", "the command", command)));
            }

            @Override
            public List<ResultRef> exec(Vertex vertex, List<ResultRef> inputs, ExecContext context) throws Exception {
                return exec.exec(vertex, inputs, context);
            }
        });
        return runners;
    }

    private Events build(String firstCommand, SolveOptions options) throws Exception {
        TestGraphs g = new TestGraphs();
        String base = g.source("docker-image://busybox");
        String first = g.named(g.exec(firstCommand, base), "[2/3] RUN setup");
        String second = g.named(g.exec("make", first), "[3/3] RUN make");
        Events events = new Events();
        Solver solver = new Solver(runners(), store, (ref, selector) -> "", executor, 0, Clock.systemUTC(), history);
        SolveJob job = solver.solve(BuildGraph.load(g.definition(second)), options, events);
        job.result().get(10, TimeUnit.SECONDS);
        job.close();
        return events;
    }

    @Test
    void aChangedCommandIsExplainedAtItsStepAndAtTheStepReadingIt() throws Exception {
        assertThat(build("setup-v1", SolveOptions.defaults()).statuses()).isEmpty();

        Events changed = build("setup-v2", SolveOptions.defaults());

        assertThat(changed.statuses()).containsExactly(
                "status [2/3] RUN setup: cache miss: the command changed",
                "status [3/3] RUN make: cache miss: input `[2/3] RUN setup` changed: the command changed");
        assertThat(changed.seen.indexOf("status [2/3] RUN setup: cache miss: the command changed"))
                .isEqualTo(changed.seen.indexOf("start [2/3] RUN setup") + 1);
    }

    @Test
    void anUnchangedRebuildSaysNothing() throws Exception {
        build("setup-v1", SolveOptions.defaults());
        Events again = build("setup-v1", SolveOptions.defaults());
        assertThat(again.statuses()).isEmpty();
        assertThat(again.seen).contains("cached [3/3] RUN make");
    }

    @Test
    void aBuildWithoutTheCacheSaysNothingButIsRemembered() throws Exception {
        build("setup-v1", SolveOptions.defaults());
        Events uncached = build("setup-v2", new SolveOptions(true));
        assertThat(uncached.statuses()).isEmpty();
        assertThat(uncached.seen).contains("done [3/3] RUN make");

        // The next cached build compares with the uncached run, which had the same command.
        assertThat(build("setup-v2", SolveOptions.defaults()).statuses()).isEmpty();
    }

    @Test
    void aStepThatNeverRanUnderItsNameSaysNothing() throws Exception {
        Events first = build("setup-v1", SolveOptions.defaults());
        assertThat(first.statuses()).isEmpty();
        assertThat(history.runs).containsOnlyKeys("docker-image://busybox", "[2/3] EXEC", "[3/3] EXEC");
    }
}
