package org.jbuildkit.daemon.solver;

import java.time.Instant;

/**
 * A build's progress with one vertex's cache-miss reason added as a status right after the vertex
 * starts (clients show statuses only for vertices they know), started and completed at that instant.
 */
final class ExplainedSink implements ProgressSink {
    static final String PREFIX = "cache miss: ";

    private final ProgressSink delegate;
    private final Vertex vertex;
    private final String reason;
    private boolean sent;

    ExplainedSink(ProgressSink delegate, Vertex vertex, String reason) {
        this.delegate = delegate;
        this.vertex = vertex;
        this.reason = reason;
    }

    @Override
    public void started(Vertex v, Instant at) {
        delegate.started(v, at);
        boolean first;
        synchronized (this) {
            first = v.digest().equals(vertex.digest()) && !sent;
            sent = sent || first;
        }
        if (first) {
            delegate.status(v, new ProgressStatus(PREFIX + reason, "", 0, 0, at, at), at);
        }
    }

    @Override
    public void completed(Vertex v, Instant started, Instant at, boolean cached, Throwable error) {
        delegate.completed(v, started, at, cached, error);
    }

    @Override
    public void log(Vertex v, int stream, byte[] data, Instant at) {
        delegate.log(v, stream, data, at);
    }

    @Override
    public void status(Vertex v, ProgressStatus status, Instant at) {
        delegate.status(v, status, at);
    }

    @Override
    public void warning(Vertex v, BuildWarning warning) {
        delegate.warning(v, warning);
    }
}
