package org.jbuildkit.daemon.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.api.pb.Op;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A build that imports cache runs only what its result needs: steps behind a cached one never run or download. */
class LazySolveTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** Imported results by key (one output each) and checksums by key and selector; counts what was fetched. */
    static final class MapSource implements CacheSource {
        final Map<String, String> results = new HashMap<>();
        final Map<String, String> checksums = new HashMap<>();
        final Map<String, Integer> fetched = new ConcurrentHashMap<>();

        @Override
        public boolean isEmpty() {
            return false;
        }

        @Override
        public Optional<Integer> outputs(String cacheKey) {
            return results.containsKey(cacheKey) ? Optional.of(1) : Optional.empty();
        }

        @Override
        public ResultRef materialize(String cacheKey, int output, ExecContext context) {
            fetched.merge(cacheKey, 1, Integer::sum);
            return new FakeRunners.Value("imported:" + results.get(cacheKey));
        }

        @Override
        public Optional<String> checksum(String cacheKey, long output, String selector) {
            return Optional.ofNullable(checksums.get(cacheKey + "@" + output + selector));
        }
    }

    /** Exec ops named copy* read their input by content (selector /app); checksums are "sum:<id>". */
    private static Map<Op.OpCase, OpRunner> copyByContent(FakeRunners fakes) {
        Map<Op.OpCase, OpRunner> runners = new HashMap<>(fakes.runners());
        OpRunner exec = runners.get(Op.OpCase.EXEC);
        runners.put(Op.OpCase.EXEC, new OpRunner() {
            @Override
            public CacheMap cacheMap(Vertex vertex) {
                CacheMap base = exec.cacheMap(vertex);
                boolean copy = vertex.op().getExec().getMeta().getArgs(0).startsWith("copy");
                return copy ? new CacheMap(base.digest(), List.of(Optional.of("/app"))) : base;
            }

            @Override
            public List<ResultRef> exec(Vertex vertex, List<ResultRef> inputs, ExecContext context) throws Exception {
                return exec.exec(vertex, inputs, context);
            }
        });
        return runners;
    }

    private Solver solver(FakeRunners fakes, ResultStore store) {
        return new Solver(copyByContent(fakes), store, (ref, selector) -> "sum:" + ref.id() + selector, executor, 0,
                Clock.systemUTC());
    }

    private static Definition build(TestGraphs g) {
        String builder = g.exec("compile", g.exec("big-unused-step", g.source("docker-image://golang")));
        return g.definition(g.exec("run-final", g.exec("copy", builder, g.source("docker-image://busybox"))));
    }

    /** Solves once on a fresh worker and returns the job: its steps name the keys another daemon would import. */
    private SolveJob firstBuild() throws Exception {
        SolveJob job = solver(new FakeRunners(), new FakeRunners.MemoryStore()).solve(BuildGraph.load(build(
                new TestGraphs())), SolveOptions.defaults(), ProgressSink.NONE);
        job.result().get(10, TimeUnit.SECONDS);
        return job;
    }

    private static String keyOf(SolveJob job, String name) {
        return job.steps().stream().filter(s -> s.vertex().name().equals(name)).findFirst().orElseThrow().key();
    }

    @Test
    void onlyTheResultIsFetchedWhenItIsCached() throws Exception {
        SolveJob first = firstBuild();
        MapSource imports = new MapSource();
        imports.results.put(first.head().orElseThrow().key(), "final");
        // The copy's key depends on the builder's content: the exporter wrote down its checksum.
        BuildStep copy = first.steps().stream().filter(s -> s.vertex().name().equals("copy")).findFirst()
                .orElseThrow();
        BuildStep.Input read = copy.inputs().get(0);
        imports.checksums.put(read.key() + "@" + read.output() + "/app", read.checksum().orElseThrow());

        FakeRunners fakes = new FakeRunners();
        SolveJob second = solver(fakes, new FakeRunners.MemoryStore()).solve(BuildGraph.load(build(new TestGraphs())),
                new SolveOptions(false, SessionGroup.NONE, imports), ProgressSink.NONE);
        ResultRef result = second.result().get(10, TimeUnit.SECONDS);

        assertThat(result.id()).isEqualTo("imported:final");
        assertThat(fakes.execCounts).isEmpty();
        assertThat(imports.fetched).containsOnlyKeys(first.head().orElseThrow().key());
        assertThat(second.head().orElseThrow().key()).isEqualTo(first.head().orElseThrow().key());
    }

    @Test
    void aMissRunsWhatItReadsAndNothingBehindACachedStep() throws Exception {
        SolveJob first = firstBuild();
        MapSource imports = new MapSource();
        // The builder's result is cached; the final stage is not.
        imports.results.put(keyOf(first, "compile"), "compiled");

        FakeRunners fakes = new FakeRunners();
        Recorder progress = new Recorder();
        ResultRef result = solver(fakes, new FakeRunners.MemoryStore()).solve(BuildGraph.load(build(
                new TestGraphs())), new SolveOptions(false, SessionGroup.NONE, imports), progress).result()
                .get(10, TimeUnit.SECONDS);

        assertThat(result.id()).isEqualTo("run-final(copy(imported:compiled,docker-image://busybox))");
        assertThat(fakes.execCounts).containsOnlyKeys("copy", "run-final");
        assertThat(progress.events).contains("cached compile").doesNotContain("start big-unused-step");
    }

    @Test
    void withoutImportsEveryMissRunsAsBefore() throws Exception {
        FakeRunners fakes = new FakeRunners();
        solver(fakes, new FakeRunners.MemoryStore()).solve(BuildGraph.load(build(new TestGraphs())),
                SolveOptions.defaults(), ProgressSink.NONE).result().get(10, TimeUnit.SECONDS);
        assertThat(fakes.execCounts).containsOnlyKeys("big-unused-step", "compile", "copy", "run-final");
    }

    /** Progress events as "start X", "cached X", "done X". */
    static final class Recorder implements ProgressSink {
        final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void started(Vertex vertex, java.time.Instant at) {
            events.add("start " + vertex.name());
        }

        @Override
        public void completed(Vertex vertex, java.time.Instant started, java.time.Instant at, boolean cached,
                Throwable error) {
            events.add((cached ? "cached " : error != null ? "error " : "done ") + vertex.name());
        }

        @Override
        public void log(Vertex vertex, int stream, byte[] data, java.time.Instant at) {
        }
    }
}
