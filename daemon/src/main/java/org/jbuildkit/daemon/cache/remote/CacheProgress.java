package org.jbuildkit.daemon.cache.remote;

import java.time.Clock;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.jbuildkit.daemon.exporter.ExportProgress;
import org.jbuildkit.daemon.solver.BuildWarning;
import org.jbuildkit.daemon.solver.ProgressSink;
import org.jbuildkit.daemon.solver.VertexFailedException;

/** One cache import or export as its own vertex on the build's progress ({@code importing cache manifest from …}). */
final class CacheProgress {
    private final ExportProgress context;
    private final ProgressSink sink;
    private final Clock clock;
    private Instant started;

    CacheProgress(String seed, String name, ProgressSink sink, BooleanSupplier cancelled, Clock clock) {
        this.context = new ExportProgress(seed, name, sink, cancelled, clock);
        this.sink = sink;
        this.clock = clock;
    }

    ExportProgress context() {
        return context;
    }

    void start() {
        started = clock.instant();
        sink.started(context.vertex(), started);
    }

    void done() {
        sink.completed(context.vertex(), started, clock.instant(), false, null);
    }

    /** Ends the vertex with a warning: what went wrong did not stop the build. */
    void doneWithWarning(String summary) {
        sink.warning(context.vertex(), BuildWarning.of(summary));
        done();
    }

    VertexFailedException failed(Exception cause) {
        VertexFailedException failure = new VertexFailedException(context.vertex(), cause);
        sink.completed(context.vertex(), started, clock.instant(), false, failure);
        return failure;
    }
}
