package org.jbuildkit.daemon.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.daemon.solver.CacheMap;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.InMemoryResultStore;
import org.jbuildkit.daemon.solver.OpRunner;
import org.jbuildkit.daemon.solver.ProgressSink;
import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.solver.SessionGroup;
import org.jbuildkit.daemon.solver.Solver;
import org.jbuildkit.daemon.solver.Vertex;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.LocalOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SolverBridgeTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        executor.shutdownNow();
    }

    /** A local source that waits until the test releases it, as a slow client would. */
    private Solver solver() {
        OpRunner blocking = new OpRunner() {
            @Override
            public CacheMap cacheMap(Vertex vertex) {
                return CacheMap.byKeys(vertex.digest(), 0);
            }

            @Override
            public List<ResultRef> exec(Vertex vertex, List<ResultRef> inputs, ExecContext context) throws Exception {
                started.countDown();
                release.await();
                return List.of(() -> "released");
            }
        };
        return new Solver(Map.of(Op.OpCase.SOURCE, blocking), new InMemoryResultStore(), (ref, selector) -> "",
                executor, 0, Clock.systemUTC());
    }

    private SolverBridge bridge() {
        return new SolverBridge(solver(), SessionGroup.NONE, ProgressSink.NONE, null, null, Clock.systemUTC());
    }

    @Test
    void cancellingTheBridgeStopsTheSubSolveItIsWaitingFor() throws Exception {
        SolverBridge bridge = bridge();
        CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
            try {
                bridge.solve(Llb.local("dockerfile", LocalOptions.defaults()).marshal()).close();
                return null;
            } catch (Exception e) {
                return e;
            }
        }, executor);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        bridge.cancel();
        assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
    }

    @Test
    void aCancelledBridgeStartsNoFurtherSubSolve() {
        SolverBridge bridge = bridge();
        bridge.cancel();
        assertThatThrownBy(() -> bridge.solve(Llb.local("context", LocalOptions.defaults()).marshal()))
                .isInstanceOf(CancellationException.class);
        assertThat(started.getCount()).isEqualTo(1);
    }

    @Test
    void aSubSolvesTreeNamesItsVertex() throws Exception {
        SolverBridge bridge = bridge();
        release.countDown();
        try (FrontendBridge.SolvedTree tree = bridge.solve(Llb.local("dockerfile",
                LocalOptions.defaults().withCustomName("[internal] load build definition from Dockerfile")).marshal())) {
            assertThat(tree.vertex().name()).isEqualTo("[internal] load build definition from Dockerfile");
            assertThat(tree.readFile("Dockerfile")).isEmpty();
        }
    }
}
