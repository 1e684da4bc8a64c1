package org.jbuildkit.daemon.exporter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.jbuildkit.daemon.solver.ProgressSink;
import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.solver.VertexFailedException;
import org.jbuildkit.session.manager.Caller;
import org.jbuildkit.session.manager.SessionManager;

/**
 * The outputs of one build, resolved before it starts: the session they are delivered through is
 * found and checked up front, then after the build each output runs as its own vertex, all at once
 * as upstream does; the first failure stops the others.
 */
public final class ExportPlan {
    /** The client opens its session just before Solve; give it time to connect. */
    static final Duration SESSION_WAIT = Duration.ofSeconds(10);

    private final List<ExporterInstance> instances;
    private final Executor executor;
    private final Clock clock;

    ExportPlan(List<ExporterInstance> instances, Executor executor, Clock clock) {
        this.instances = List.copyOf(instances);
        this.executor = executor;
        this.clock = clock;
    }

    public boolean isEmpty() {
        return instances.isEmpty();
    }

    List<ExporterInstance> instances() {
        return instances;
    }

    /**
     * The session the outputs go through, checked against each output; completes with null when
     * there are no outputs, exceptionally with {@link ExporterException} or the session manager's error.
     */
    public CompletableFuture<Caller> connect(SessionManager sessions, String sessionId) {
        if (instances.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (sessionId.isEmpty()) {
            return CompletableFuture.failedFuture(new ExporterException("the request has outputs but names no"
                    + " session (SolveRequest.Session) to deliver them through; open one, as buildctl does"));
        }
        // Off the thread that completes the lookup (a session's): a check may call back into the same session.
        return sessions.get(sessionId, SESSION_WAIT).thenApplyAsync(session -> {
            for (ExporterInstance instance : instances) {
                try {
                    instance.check(session);
                } catch (ExporterException e) {
                    throw new CompletionException(e);
                }
            }
            return session;
        }, executor);
    }

    /** Exports {@code result} through {@code session}; completes with the merged exporter responses. */
    public CompletableFuture<Map<String, String>> export(ResultRef result, Caller session, ProgressSink sink,
            BooleanSupplier cancelled) {
        return export(result, Map.of(), session, sink, cancelled);
    }

    /** As above, with the frontend's metadata for the exporters (e.g. {@code containerimage.config}). */
    public CompletableFuture<Map<String, String>> export(ResultRef result, Map<String, byte[]> metadata,
            Caller session, ProgressSink sink, BooleanSupplier cancelled) {
        if (instances.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        ExportSource source = ExportSource.of(result).withMetadata(metadata);
        AtomicBoolean failed = new AtomicBoolean();
        BooleanSupplier stop = () -> failed.get() || cancelled.getAsBoolean();
        List<CompletableFuture<Map<String, String>>> running = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            ExporterInstance instance = instances.get(i);
            ExportProgress progress = new ExportProgress(session.id(), i, instance.name(), sink, stop, clock);
            running.add(CompletableFuture.supplyAsync(() -> run(instance, source, session, progress, sink, failed),
                    executor));
        }
        return CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<String, String> response = new TreeMap<>();
            running.forEach(r -> response.putAll(r.join()));
            return response;
        });
    }

    private Map<String, String> run(ExporterInstance instance, ExportSource source, Caller session,
            ExportProgress progress, ProgressSink sink, AtomicBoolean failed) {
        Instant started = clock.instant();
        sink.started(progress.vertex(), started);
        try {
            Map<String, String> response = instance.export(source, session, progress);
            sink.completed(progress.vertex(), started, clock.instant(), false, null);
            return response;
        } catch (Exception e) {
            failed.set(true);
            VertexFailedException failure = new VertexFailedException(progress.vertex(), e);
            sink.completed(progress.vertex(), started, clock.instant(), false, failure);
            throw new CompletionException(failure);
        }
    }
}
