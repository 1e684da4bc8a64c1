package org.jbuildkit.daemon.solver;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running build: its result, cancelling it (which stops only executions no other build needs),
 * and closing it, which lets go of the results it holds. The caller closes the job once nothing
 * reads the result any more (after exporting it).
 */
public final class SolveJob implements AutoCloseable {
    private final CompletableFuture<ResultRef> result = new CompletableFuture<>();
    private final List<SharedExecution> executions = new ArrayList<>();
    private final ResultHold hold;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean cancelled;

    private final SessionGroup sessions;
    private final List<BuildStep> steps = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile BuildStep head;
    private volatile long headOutput;

    SolveJob(ResultHold hold, SessionGroup sessions, Runnable onClose) {
        this.hold = hold;
        this.sessions = sessions;
        this.onClose = onClose;
    }

    /** A build with nothing to run, whose result is the empty tree (a Dockerfile's {@code FROM scratch} alone). */
    public static SolveJob scratch() {
        SolveJob job = new SolveJob(ResultHold.NONE, SessionGroup.NONE, () -> { });
        job.complete(null);
        return job;
    }

    /** The client sessions this build's steps may call back into. */
    SessionGroup sessions() {
        return sessions;
    }

    public CompletableFuture<ResultRef> result() {
        return result;
    }

    public void cancel() {
        List<SharedExecution> joined;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            joined = List.copyOf(executions);
        }
        joined.forEach(e -> e.leave(this));
        result.completeExceptionally(new CancellationException("build cancelled"));
    }

    /** Ends the build: what it holds may be collected, and build listeners hear of it. Only the first call counts. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
    }

    /** The steps solved so far, each after the steps it reads (the order a cache export writes them in). */
    public List<BuildStep> steps() {
        return List.copyOf(steps);
    }

    /** The step whose output is the build's result, once solved; empty for a build of scratch. */
    public Optional<BuildStep> head() {
        return Optional.ofNullable(head);
    }

    /** Which output of {@link #head()} is the result. */
    public long headOutput() {
        return headOutput;
    }

    void solved(BuildStep step) {
        steps.add(step);
    }

    void headIs(BuildStep step, long output) {
        headOutput = output;
        head = step;
    }

    ResultHold hold() {
        return hold;
    }

    boolean isCancelled() {
        return cancelled;
    }

    synchronized void joined(SharedExecution execution) {
        executions.add(execution);
    }

    void complete(ResultRef ref) {
        result.complete(ref);
    }

    void fail(Throwable error) {
        result.completeExceptionally(error);
    }
}
