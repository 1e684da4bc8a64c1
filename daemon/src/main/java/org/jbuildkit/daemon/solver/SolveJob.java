package org.jbuildkit.daemon.solver;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/** One running build: its result, and cancelling it (which stops only executions no other build needs). */
public final class SolveJob {
    private final CompletableFuture<ResultRef> result = new CompletableFuture<>();
    private final List<SharedExecution> executions = new ArrayList<>();
    private volatile boolean cancelled;

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
