package org.jbuildkit.daemon.solver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.jbuildkit.api.Identity;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.registry.image.Digest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Solves build graphs: each vertex's cache key from its op and its inputs' keys (or the content it
 * reads), a cached result when the key is known, otherwise one execution per key shared by every
 * build that needs it, independent vertices in parallel up to {@code maxParallelism}.
 */
public final class Solver {
    private static final Logger LOG = LoggerFactory.getLogger(Solver.class);

    private final Map<Op.OpCase, OpRunner> runners;
    private final ResultStore store;
    private final ContentChecksummer checksummer;
    private final ExecutorService executor;
    private final Semaphore parallelism;
    private final Clock clock;
    private final ConcurrentMap<String, SharedExecution> active = new ConcurrentHashMap<>();
    private final List<BuildListener> listeners = new CopyOnWriteArrayList<>();
    private final MissReporter misses;

    /** {@code maxParallelism} 0 means unlimited, as upstream's {@code max-parallelism}. */
    public Solver(Map<Op.OpCase, OpRunner> runners, ResultStore store, ContentChecksummer checksummer,
            ExecutorService executor, int maxParallelism, Clock clock) {
        this(runners, store, checksummer, executor, maxParallelism, clock, StepHistory.NONE);
    }

    /** A solver that explains cache misses of steps {@code history} has seen run. */
    public Solver(Map<Op.OpCase, OpRunner> runners, ResultStore store, ContentChecksummer checksummer,
            ExecutorService executor, int maxParallelism, Clock clock, StepHistory history) {
        this(runners, store, checksummer, executor, maxParallelism, clock, history, ContentDiff.UNKNOWN);
    }

    /** As above, naming the file that changed when a content checksum made a step miss. */
    public Solver(Map<Op.OpCase, OpRunner> runners, ResultStore store, ContentChecksummer checksummer,
            ExecutorService executor, int maxParallelism, Clock clock, StepHistory history, ContentDiff contentDiff) {
        this.misses = new MissReporter(history, contentDiff);
        this.runners = Map.copyOf(runners);
        this.store = store;
        this.checksummer = checksummer;
        this.executor = executor;
        this.parallelism = maxParallelism > 0 ? new Semaphore(maxParallelism, true) : null;
        this.clock = clock;
    }

    /** Tells {@code listener} whenever a build is closed. */
    public void addBuildListener(BuildListener listener) {
        listeners.add(listener);
    }

    /**
     * Starts solving a graph; the build's result is its head output. The results it uses stay held
     * until the caller closes the job.
     */
    public SolveJob solve(BuildGraph graph, SolveOptions options, ProgressSink sink) {
        ResultHold hold = hold();
        SolveJob job = new SolveJob(hold, options.sessions(), () -> finished(hold));
        Map<String, CompletableFuture<Outcome>> outcomes = new ConcurrentHashMap<>();
        Map<String, BuildStep> steps = new ConcurrentHashMap<>();
        for (Vertex vertex : graph.reachableInOrder()) {
            List<CompletableFuture<Outcome>> inputs = new ArrayList<>();
            for (Edge input : vertex.inputs()) {
                inputs.add(outcomes.get(input.vertex()));
            }
            CompletableFuture<Outcome> outcome = CompletableFuture.allOf(inputs.toArray(CompletableFuture[]::new))
                    .thenComposeAsync(done -> evaluate(job, vertex, inputs.stream().map(CompletableFuture::join)
                            .toList(), options, sink, steps), executor);
            outcomes.put(vertex.digest(), outcome);
        }
        Edge head = graph.head();
        outcomes.get(head.vertex()).thenCompose(outcome -> outcome.ready().thenApply(ready -> outcome))
                .whenComplete((outcome, error) -> {
                    if (error != null) {
                        job.fail(unwrap(error));
                        return;
                    }
                    try {
                        BuildStep step = steps.get(head.vertex());
                        if (step != null) {
                            job.headIs(step, head.index());
                        }
                        job.complete(outcome.result(head.index(), store));
                    } catch (RuntimeException e) {
                        job.fail(e);
                    }
                });
        return job;
    }

    /** A hold for a new build; if the store cannot take one (disk full) the build still runs, unprotected. */
    private ResultHold hold() {
        try {
            return store.hold(Identity.newId());
        } catch (RuntimeException e) {
            LOG.warn("a build runs without holding its results (garbage collection could take them): {}",
                    e.getMessage());
            return ResultHold.NONE;
        }
    }

    /** A build was closed: let go of its results and tell the listeners, whatever fails on the way. */
    private void finished(ResultHold hold) {
        try {
            store.release(hold);
        } catch (RuntimeException e) {
            LOG.warn("could not release the results held by a finished build ({}); they stay until the daemon"
                    + " restarts", e.getMessage());
        }
        for (BuildListener listener : listeners) {
            try {
                listener.buildFinished();
            } catch (RuntimeException e) {
                LOG.warn("a build listener failed: {}", e.toString());
            }
        }
    }

    private CompletableFuture<Outcome> evaluate(SolveJob job, Vertex vertex, List<Outcome> inputs,
            SolveOptions options, ProgressSink sink, Map<String, BuildStep> steps) {
        if (job.isCancelled()) {
            return CompletableFuture.failedFuture(new java.util.concurrent.CancellationException("build cancelled"));
        }
        OpRunner runner = runners.get(vertex.op().getOpCase());
        if (runner == null) {
            return failed(vertex, sink, new UnsupportedOperationException("this daemon cannot run "
                    + vertex.op().getOpCase().name().toLowerCase() + " ops yet"));
        }
        CacheMap map;
        try {
            map = runner.cacheMap(vertex, job.sessions());
        } catch (Exception e) {
            return failed(vertex, sink, e);
        }
        // A content-based input counts by the files it holds: a step not run yet must run first, unless the
        // imported cache knows the checksum.
        List<CompletableFuture<Void>> contentReady = new ArrayList<>();
        for (int i = 0; i < vertex.inputs().size(); i++) {
            Optional<String> selector = i < map.contentSelectors().size() ? map.contentSelectors().get(i)
                    : Optional.empty();
            if (selector.isPresent() && importedChecksum(options.imports(), inputs.get(i),
                    vertex.inputs().get(i).index(), selector.get()).isEmpty()) {
                contentReady.add(inputs.get(i).ready());
            }
        }
        return CompletableFuture.allOf(contentReady.toArray(CompletableFuture[]::new))
                .thenComposeAsync(ready -> keyed(job, vertex, map, inputs, options, sink, steps), executor);
    }

    private CompletableFuture<Outcome> keyed(SolveJob job, Vertex vertex, CacheMap map, List<Outcome> inputs,
            SolveOptions options, ProgressSink sink, Map<String, BuildStep> steps) {
        StepRun step;
        List<BuildStep.Input> parts = new ArrayList<>();
        try {
            step = cacheKey(vertex, map, inputs, options.imports(), parts);
        } catch (Exception e) {
            return failed(vertex, sink, e);
        }
        String key = step.key();
        boolean caching = !options.noCache() && !vertex.ignoreCache();
        if (caching) {
            Optional<List<String>> recorded = store.lookup(key, job.hold());
            Optional<Integer> imported = recorded.isPresent() ? Optional.empty() : options.imports().outputs(key);
            if (recorded.isPresent() || imported.isPresent()) {
                var now = clock.instant();
                sink.started(vertex, now);
                sink.completed(vertex, now, now, true, null);
                Outcome cached = recorded.isPresent() ? Outcome.cached(vertex.name(), key, recorded.get())
                        : Outcome.imported(vertex.name(), key, options.imports(), imported.get(),
                                output -> downloads(vertex, sink, job));
                return CompletableFuture.completedFuture(solved(job, steps, vertex, key, parts, cached));
            }
        }
        // A step run with the cache turned off says nothing: the miss is what was asked for.
        Optional<CacheMissExplainer.Explanation> explained = caching ? misses.explain(vertex, step, inputs)
                : Optional.empty();
        ProgressSink shown = explained.<ProgressSink>map(e -> new ExplainedSink(sink, vertex, e.text()))
                .orElse(sink);
        MissCause cause = explained.map(CacheMissExplainer.Explanation::root)
                .orElseGet(() -> MissReporter.inherited(inputs));
        Supplier<CompletableFuture<List<ResultRef>>> run = () -> CompletableFuture.allOf(inputs.stream()
                .map(Outcome::ready).toArray(CompletableFuture[]::new))
                .thenComposeAsync(ready -> share(job, vertex, step, inputs, shown).result(), executor);
        if (!options.lazy() || !caching) {
            return run.get().thenApply(results -> solved(job, steps, vertex, key, parts,
                    Outcome.produced(vertex.name(), key, cause, results)));
        }
        return CompletableFuture.completedFuture(solved(job, steps, vertex, key, parts,
                Outcome.pending(vertex.name(), key, cause, run)));
    }

    private Outcome solved(SolveJob job, Map<String, BuildStep> steps, Vertex vertex, String key,
            List<BuildStep.Input> inputs, Outcome outcome) {
        BuildStep step = new BuildStep(vertex, key, inputs, outcome, store);
        steps.put(vertex.digest(), step);
        job.solved(step);
        return outcome;
    }

    /** Where fetching an imported result shows: as sub-tasks (layer downloads) of the vertex. */
    private ExecContext downloads(Vertex vertex, ProgressSink sink, SolveJob job) {
        return new ExecContext() {
            @Override
            public void log(int stream, byte[] data) {
                sink.log(vertex, stream, data, clock.instant());
            }

            @Override
            public boolean cancelled() {
                return job.isCancelled();
            }

            @Override
            public void status(ProgressStatus status) {
                sink.status(vertex, status, clock.instant());
            }

            @Override
            public SessionGroup sessions() {
                return job.sessions();
            }
        };
    }

    /** The imported checksum of an input that is not (yet) in this worker: imported, or a miss not run yet. */
    private static Optional<String> importedChecksum(CacheSource imports, Outcome input, long output, String selector) {
        if (imports.isEmpty() || input.available() && input.importedFrom().isEmpty()) {
            return Optional.empty();
        }
        return imports.checksum(input.key(), output, selector);
    }

    /** A vertex that failed before it could run still shows up in progress, with its error. */
    private CompletableFuture<Outcome> failed(Vertex vertex, ProgressSink sink, Exception cause) {
        VertexFailedException failure = new VertexFailedException(vertex, cause);
        var now = clock.instant();
        sink.started(vertex, now);
        sink.completed(vertex, now, now, false, failure);
        return CompletableFuture.failedFuture(failure);
    }

    private SharedExecution share(SolveJob job, Vertex vertex, StepRun step, List<Outcome> inputs, ProgressSink sink) {
        String key = step.key();
        while (true) {
            SharedExecution existing = active.get(key);
            if (existing != null && existing.join(job, sink)) {
                job.joined(existing);
                return existing;
            }
            SharedExecution fresh = new SharedExecution(vertex);
            fresh.join(job, sink);
            if (existing == null ? active.putIfAbsent(key, fresh) == null : active.replace(key, existing, fresh)) {
                job.joined(fresh);
                fresh.task(executor.submit(() -> run(vertex, step, inputs, fresh)));
                fresh.result().whenComplete((r, e) -> active.remove(key, fresh));
                return fresh;
            }
        }
    }

    private void run(Vertex vertex, StepRun step, List<Outcome> inputs, SharedExecution execution) {
        String key = step.key();
        boolean permit = false;
        try {
            if (parallelism != null) {
                parallelism.acquire();
                permit = true;
            }
            if (execution.cancelled()) {
                return;
            }
            execution.started(clock.instant());
            List<ResultRef> inputRefs = new ArrayList<>();
            for (int i = 0; i < vertex.inputs().size(); i++) {
                inputRefs.add(inputs.get(i).result(vertex.inputs().get(i).index(), store));
            }
            List<ResultRef> results = runners.get(vertex.op().getOpCase()).exec(vertex, inputRefs, execution);
            execution.succeed(results, holds -> store.record(key, results, holds), clock.instant());
            misses.remember(vertex, step);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            execution.result().completeExceptionally(new java.util.concurrent.CancellationException("cancelled"));
        } catch (Exception e) {
            VertexFailedException failure = e instanceof VertexFailedException v ? v : new VertexFailedException(vertex, e);
            execution.completed(clock.instant(), failure);
            execution.result().completeExceptionally(failure);
        } finally {
            if (permit) {
                parallelism.release();
            }
        }
    }

    /** The vertex's cache key, with what it is made of (to explain a later miss); {@code parts} get the inputs'. */
    private StepRun cacheKey(Vertex vertex, CacheMap map, List<Outcome> inputs, CacheSource imports,
            List<BuildStep.Input> parts) throws Exception {
        MessageDigest sha = Digest.sha256Digester();
        sha.update(("op:" + map.digest() + "\n").getBytes(StandardCharsets.UTF_8));
        List<String> used = new ArrayList<>();
        for (int i = 0; i < vertex.inputs().size(); i++) {
            Edge edge = vertex.inputs().get(i);
            Outcome input = inputs.get(i);
            Optional<String> selector = i < map.contentSelectors().size() ? map.contentSelectors().get(i)
                    : Optional.empty();
            Optional<String> checksum = Optional.empty();
            if (selector.isPresent()) {
                checksum = importedChecksum(imports, input, edge.index(), selector.get());
                if (checksum.isEmpty()) {
                    checksum = Optional.of(checksummer.checksum(input.result(edge.index(), store), selector.get()));
                }
            }
            String part = checksum.map(c -> "content:" + c).orElseGet(() -> "key:" + input.key() + "@" + edge.index());
            used.add(part);
            parts.add(new BuildStep.Input(input.key(), edge.index(), selector, checksum));
            sha.update(("input" + i + ":" + part + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return new StepRun(Digest.ofSha256(sha).toString(), map.digest(), map.parts(), used);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
