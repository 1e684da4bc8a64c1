package org.jbuildkit.daemon.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the solver combines an op's cache-map digest with its inputs' keys, pinned: keys recorded by
 * an earlier daemon must still be found (and must match other daemons sharing a registry cache).
 */
class CacheKeyPinTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void keysOfASourceAndTheStepsOnItStayAsTheyWere() throws Exception {
        FakeRunners fakes = new FakeRunners();
        FakeRunners.MemoryStore store = new FakeRunners.MemoryStore();
        Solver solver = new Solver(fakes.runners(), store, (ref, selector) -> ref.id() + ":" + selector, executor, 0,
                Clock.systemUTC());
        TestGraphs g = new TestGraphs();
        String base = g.source("docker-image://busybox");
        String a = g.exec("one", base);
        String b = g.exec("two", base);
        solver.solve(BuildGraph.load(g.definition(g.exec("join", a, b))), SolveOptions.defaults(), ProgressSink.NONE)
                .result().get(10, TimeUnit.SECONDS);
        assertThat(store.keys).containsOnlyKeys(
                "sha256:137ef7cf17cb8373411a273a2194a839300ac9f3582a5dc2ae621c1c8a59cd72",
                "sha256:0838d3bdb8e11fed0f0465b5a66c454d10c2f898d9aa22ee8dd11077caa80ced",
                "sha256:6aacf2908949ec44092f84830cbe094574a2063ee9d717bd4ddc10d553c2b6f7",
                "sha256:ad6769447f3b640e9755aa60f1f28698cb384dda8c590eadef1aa7e7e45f6962");
        assertThat(store.keys.get("sha256:ad6769447f3b640e9755aa60f1f28698cb384dda8c590eadef1aa7e7e45f6962"))
                .containsExactly("join(one(docker-image://busybox),two(docker-image://busybox))");
    }
}
