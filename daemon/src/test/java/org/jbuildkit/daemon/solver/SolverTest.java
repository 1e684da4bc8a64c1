package org.jbuildkit.daemon.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jbuildkit.api.pb.Definition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SolverTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final FakeRunners fakes = new FakeRunners();
    private final FakeRunners.MemoryStore store = new FakeRunners.MemoryStore();

    @AfterEach
    void stop() {
        fakes.release.countDown();
        executor.shutdownNow();
    }

    private Solver solver(int parallelism) {
        return new Solver(fakes.runners(), store, (ref, selector) -> ref.id() + ":" + selector, executor, parallelism,
                Clock.systemUTC());
    }

    private static BuildGraph graph(Definition d) {
        return BuildGraph.load(d);
    }

    /** Records what progress said, for assertions. */
    static final class Recorder implements ProgressSink {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void started(Vertex vertex, Instant at) {
            events.add("start " + vertex.name());
        }

        @Override
        public void completed(Vertex vertex, Instant started, Instant at, boolean cached, Throwable error) {
            events.add((cached ? "cached " : error != null ? "error " : "done ") + vertex.name());
        }

        @Override
        public void log(Vertex vertex, int stream, byte[] data, Instant at) {
            events.add("log " + vertex.name());
        }

        long count(String prefix) {
            return events.stream().filter(e -> e.startsWith(prefix)).count();
        }
    }

    private static Definition diamond(TestGraphs g) {
        String base = g.source("docker-image://busybox");
        String a = g.exec("sleep:300", base);
        String b = g.exec("sleep:301", base);
        return g.definition(g.exec("join", a, b));
    }

    @Test
    void independentStepsOverlapAndTheResultComposesInputs() throws Exception {
        TestGraphs g = new TestGraphs();
        ResultRef result = solver(0).solve(graph(diamond(g)), SolveOptions.defaults(), ProgressSink.NONE)
                .result().get(10, TimeUnit.SECONDS);
        assertThat(result.id()).isEqualTo("join(sleep:300(docker-image://busybox),sleep:301(docker-image://busybox))");
        FakeRunners.Run a = run("sleep:300");
        FakeRunners.Run b = run("sleep:301");
        assertThat(a.start()).isBefore(b.end());
        assertThat(b.start()).isBefore(a.end());
    }

    @Test
    void maxParallelismOneSerializes() throws Exception {
        solver(1).solve(graph(diamond(new TestGraphs())), SolveOptions.defaults(), ProgressSink.NONE)
                .result().get(10, TimeUnit.SECONDS);
        FakeRunners.Run a = run("sleep:300");
        FakeRunners.Run b = run("sleep:301");
        assertThat(!a.end().isAfter(b.start()) || !b.end().isAfter(a.start())).isTrue();
    }

    @Test
    void secondSolveIsEntirelyCached() throws Exception {
        Solver solver = solver(0);
        solver.solve(graph(diamond(new TestGraphs())), SolveOptions.defaults(), ProgressSink.NONE)
                .result().get(10, TimeUnit.SECONDS);
        Recorder second = new Recorder();
        ResultRef again = solver.solve(graph(diamond(new TestGraphs())), SolveOptions.defaults(), second)
                .result().get(10, TimeUnit.SECONDS);
        assertThat(again.id()).isEqualTo("join(sleep:300(docker-image://busybox),sleep:301(docker-image://busybox))");
        assertThat(second.count("cached ")).isEqualTo(4);
        assertThat(second.count("done ")).isZero();
        assertThat(fakes.execCounts.get("join").get()).isEqualTo(1);
    }

    @Test
    void changingOneStepRerunsItAndItsDependentsOnly() throws Exception {
        Solver solver = solver(0);
        solver.solve(graph(diamond(new TestGraphs())), SolveOptions.defaults(), ProgressSink.NONE)
                .result().get(10, TimeUnit.SECONDS);
        TestGraphs g = new TestGraphs();
        String base = g.source("docker-image://busybox");
        String a = g.exec("sleep:300", base);
        String b = g.exec("sleep:302", base);
        Recorder progress = new Recorder();
        solver.solve(graph(g.definition(g.exec("join", a, b))), SolveOptions.defaults(), progress)
                .result().get(10, TimeUnit.SECONDS);
        assertThat(progress.events).contains("cached docker-image://busybox", "cached sleep:300", "done sleep:302",
                "done join");
        assertThat(fakes.execCounts.get("sleep:300").get()).isEqualTo(1);
        assertThat(fakes.execCounts.get("join").get()).isEqualTo(2);
    }

    @Test
    void noCacheRunsEverythingAgain() throws Exception {
        Solver solver = solver(0);
        solver.solve(graph(diamond(new TestGraphs())), SolveOptions.defaults(), ProgressSink.NONE)
                .result().get(10, TimeUnit.SECONDS);
        solver.solve(graph(diamond(new TestGraphs())), new SolveOptions(true), ProgressSink.NONE)
                .result().get(10, TimeUnit.SECONDS);
        assertThat(fakes.execCounts.get("join").get()).isEqualTo(2);
    }

    @Test
    void concurrentBuildsShareAVertexAndRunItOnce() throws Exception {
        Solver solver = solver(0);
        TestGraphs g1 = new TestGraphs();
        String shared1 = g1.exec("block-shared", g1.source("docker-image://busybox"));
        SolveJob first = solver.solve(graph(g1.definition(g1.exec("after-1", shared1))), SolveOptions.defaults(),
                ProgressSink.NONE);
        TestGraphs g2 = new TestGraphs();
        String shared2 = g2.exec("block-shared", g2.source("docker-image://busybox"));
        Recorder secondProgress = new Recorder();
        SolveJob second = solver.solve(graph(g2.definition(g2.exec("after-2", shared2))), SolveOptions.defaults(),
                secondProgress);
        awaitCount("block-shared", 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!secondProgress.events.contains("start block-shared") && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(secondProgress.events).as("the second build joined the running step").contains("start block-shared");
        fakes.release.countDown();
        assertThat(first.result().get(10, TimeUnit.SECONDS).id()).isEqualTo("after-1(block-shared(docker-image://busybox))");
        assertThat(second.result().get(10, TimeUnit.SECONDS).id()).isEqualTo("after-2(block-shared(docker-image://busybox))");
        assertThat(fakes.execCounts.get("block-shared").get()).isEqualTo(1);
        assertThat(secondProgress.events).contains("done block-shared");
    }

    @Test
    void cancellingOneBuildKeepsTheSharedStepRunningForTheOther() throws Exception {
        Solver solver = solver(0);
        TestGraphs g = new TestGraphs();
        Definition def = g.definition(g.exec("block-x", g.source("docker-image://busybox")));
        SolveJob first = solver.solve(graph(def), SolveOptions.defaults(), ProgressSink.NONE);
        SolveJob second = solver.solve(graph(def), SolveOptions.defaults(), ProgressSink.NONE);
        awaitCount("block-x", 1);
        first.cancel();
        assertThatThrownBy(() -> first.result().get(1, TimeUnit.SECONDS))
                .isInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(fakes.interrupted.get()).isZero();
        fakes.release.countDown();
        assertThat(second.result().get(10, TimeUnit.SECONDS).id()).isEqualTo("block-x(docker-image://busybox)");
    }

    @Test
    void cancellingTheOnlyBuildInterruptsTheStepAndTheNextBuildWorks() throws Exception {
        Solver solver = solver(0);
        TestGraphs g = new TestGraphs();
        Definition def = g.definition(g.exec("block-y", g.source("docker-image://busybox")));
        SolveJob job = solver.solve(graph(def), SolveOptions.defaults(), ProgressSink.NONE);
        awaitCount("block-y", 1);
        job.cancel();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (fakes.interrupted.get() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(fakes.interrupted.get()).isEqualTo(1);
        fakes.release.countDown();
        assertThat(solver.solve(graph(def), SolveOptions.defaults(), ProgressSink.NONE).result()
                .get(10, TimeUnit.SECONDS).id()).isEqualTo("block-y(docker-image://busybox)");
    }

    @Test
    void aFailedStepFailsTheBuildNamingTheStep() {
        TestGraphs g = new TestGraphs();
        Recorder progress = new Recorder();
        SolveJob job = solver(0).solve(graph(g.definition(g.exec("after", g.exec("fail",
                g.source("docker-image://busybox"))))), SolveOptions.defaults(), progress);
        assertThatThrownBy(() -> job.result().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(VertexFailedException.class).hasMessage("fail: exit code: 3");
        assertThat(progress.events).contains("error fail").doesNotContain("start after");
    }

    @Test
    void contentSelectorsMakeKeysDependOnContentNotOnHistory() throws Exception {
        Map<org.jbuildkit.api.pb.Op.OpCase, OpRunner> runners = new java.util.HashMap<>(fakes.runners());
        OpRunner exec = runners.get(org.jbuildkit.api.pb.Op.OpCase.EXEC);
        runners.put(org.jbuildkit.api.pb.Op.OpCase.EXEC, new OpRunner() {
            @Override
            public CacheMap cacheMap(Vertex vertex) {
                CacheMap base = exec.cacheMap(vertex);
                boolean copy = vertex.op().getExec().getMeta().getArgs(0).startsWith("copy");
                return copy ? new CacheMap(base.digest(), List.of(java.util.Optional.of("/app")))
                        : base;
            }

            @Override
            public List<ResultRef> exec(Vertex vertex, List<ResultRef> inputs, ExecContext context) throws Exception {
                return exec.exec(vertex, inputs, context);
            }
        });
        // The checksum ignores how the input was made: "v1" and "v2" produce the same content here.
        Solver solver = new Solver(runners, store, (ref, selector) -> "same-bytes" + selector, executor, 0,
                Clock.systemUTC());
        TestGraphs g1 = new TestGraphs();
        solver.solve(graph(g1.definition(g1.exec("copy", g1.exec("make-v1", g1.source("local://context"))))),
                SolveOptions.defaults(), ProgressSink.NONE).result().get(10, TimeUnit.SECONDS);
        TestGraphs g2 = new TestGraphs();
        Recorder progress = new Recorder();
        solver.solve(graph(g2.definition(g2.exec("copy", g2.exec("make-v2", g2.source("local://context"))))),
                SolveOptions.defaults(), progress).result().get(10, TimeUnit.SECONDS);
        assertThat(progress.events).contains("done make-v2", "cached copy");
    }

    @Test
    void brokenDefinitionsAreRejectedWithTheReason() {
        TestGraphs g = new TestGraphs();
        String a = g.source("docker-image://busybox");
        Definition valid = g.definition(a);
        assertThatThrownBy(() -> BuildGraph.load(Definition.getDefaultInstance())).hasMessageContaining("empty");
        Definition noTerminal = Definition.newBuilder()
                .addAllDef(valid.getDefList().subList(0, valid.getDefCount() - 1)).build();
        assertThatThrownBy(() -> BuildGraph.load(noTerminal)).hasMessageContaining("terminal op");
        TestGraphs dangling = new TestGraphs();
        String missing = "sha256:" + "0".repeat(64);
        Definition bad = dangling.definition(dangling.exec("x", missing));
        assertThatThrownBy(() -> BuildGraph.load(bad)).hasMessageContaining("reads " + missing);
    }

    private FakeRunners.Run run(String name) {
        return fakes.runs.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private void awaitCount(String command, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((fakes.execCounts.get(command) == null || fakes.execCounts.get(command).get() < n)
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(fakes.execCounts.get(command)).as(command + " started").isNotNull();
    }
}
