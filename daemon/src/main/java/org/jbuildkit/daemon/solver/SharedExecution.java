package org.jbuildkit.daemon.solver;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * One running vertex that several builds may be waiting on (same cache key). It runs once; every
 * interested build hears its progress; it is cancelled only when the last interested build leaves.
 */
final class SharedExecution implements ExecContext {
    private final Vertex vertex;
    private final CompletableFuture<List<ResultRef>> result = new CompletableFuture<>();
    private final Set<SolveJob> builds = new java.util.LinkedHashSet<>();
    private final List<ProgressSink> sinks = new ArrayList<>();
    private volatile boolean cancelled;
    private volatile Future<?> task;
    private Instant startedAt;

    SharedExecution(Vertex vertex) {
        this.vertex = vertex;
    }

    CompletableFuture<List<ResultRef>> result() {
        return result;
    }

    /** Adds a build; false when the execution already finished or was cancelled (start a new one). */
    synchronized boolean join(SolveJob build, ProgressSink sink) {
        if (cancelled || result.isDone()) {
            return false;
        }
        builds.add(build);
        sinks.add(sink);
        if (startedAt != null) {
            sink.started(vertex, startedAt);
        }
        return true;
    }

    /** Removes a build; cancels the execution when nobody else waits for it. */
    void leave(SolveJob build) {
        boolean last;
        synchronized (this) {
            builds.remove(build);
            last = builds.isEmpty() && !result.isDone();
            if (last) {
                cancelled = true;
            }
        }
        if (last) {
            Future<?> running = task;
            if (running != null) {
                running.cancel(true);
            }
            result.cancel(false);
        }
    }

    void task(Future<?> running) {
        this.task = running;
    }

    synchronized void started(Instant at) {
        startedAt = at;
        sinks.forEach(s -> s.started(vertex, at));
    }

    /**
     * Records the results, held for every build still waiting, then hands them over. Joining waits
     * for this, so no build can join between the record and the hand-over with its results unheld.
     */
    synchronized void succeed(List<ResultRef> results, Consumer<List<ResultHold>> record, Instant at) {
        record.accept(builds.stream().map(SolveJob::hold).toList());
        completed(at, null);
        result.complete(results);
    }

    synchronized void completed(Instant at, Throwable error) {
        sinks.forEach(s -> s.completed(vertex, startedAt == null ? at : startedAt, at, false, error));
    }

    @Override
    public void log(int stream, byte[] data) {
        Instant now = Instant.now();
        sinks().forEach(s -> s.log(vertex, stream, data, now));
    }

    @Override
    public void status(ProgressStatus status) {
        Instant now = Instant.now();
        sinks().forEach(s -> s.status(vertex, status, now));
    }

    @Override
    public void warning(BuildWarning warning) {
        sinks().forEach(s -> s.warning(vertex, warning));
    }

    private synchronized List<ProgressSink> sinks() {
        return List.copyOf(sinks);
    }

    @Override
    public SessionGroup sessions() {
        List<SessionGroup> groups;
        synchronized (this) {
            groups = builds.stream().map(SolveJob::sessions).toList();
        }
        return SessionGroup.union(groups);
    }

    @Override
    public boolean cancelled() {
        return cancelled;
    }
}
