package org.jbuildkit.daemon.control;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jbuildkit.api.control.StatusResponse;
import org.jbuildkit.api.control.VertexLog;
import org.jbuildkit.api.control.VertexStatus;
import org.jbuildkit.api.control.VertexWarning;
import org.jbuildkit.daemon.solver.BuildWarning;
import org.jbuildkit.daemon.solver.Edge;
import org.jbuildkit.daemon.solver.ProgressSink;
import org.jbuildkit.daemon.solver.ProgressStatus;
import org.jbuildkit.daemon.solver.Vertex;

/**
 * One build's progress as upstream's {@code StatusResponse} messages: every event is kept so a
 * {@code Control.Status} call that arrives late gets the whole story, then the live tail; the
 * stream ends when the build does.
 */
final class BuildProgress implements ProgressSink {
    /** Upstream clips a step's log on the progress stream; the whole log stays with the build. */
    static final int MAX_LOG_BYTES_PER_VERTEX = 2 << 20;

    private final List<StatusResponse> history = new ArrayList<>();
    private final List<Consumer<StatusResponse>> listeners = new ArrayList<>();
    private final java.util.Map<String, Integer> logBytes = new java.util.HashMap<>();
    private final List<Runnable> onClose = new ArrayList<>();
    private boolean closed;

    @Override
    public void started(Vertex vertex, Instant at) {
        publish(StatusResponse.newBuilder().addVertexes(vertex(vertex).setStarted(timestamp(at))).build());
    }

    @Override
    public void completed(Vertex vertex, Instant started, Instant at, boolean cached, Throwable error) {
        org.jbuildkit.api.control.Vertex.Builder v = vertex(vertex).setStarted(timestamp(started))
                .setCompleted(timestamp(at)).setCached(cached);
        if (error != null) {
            // The step is named by the vertex already; show the cause as upstream does.
            Throwable shown = error instanceof org.jbuildkit.daemon.solver.VertexFailedException && error.getCause() != null
                    ? error.getCause() : error;
            v.setError(shown.getMessage() == null ? shown.toString() : shown.getMessage());
        }
        publish(StatusResponse.newBuilder().addVertexes(v).build());
    }

    @Override
    public void log(Vertex vertex, int stream, byte[] data, Instant at) {
        int sent;
        synchronized (this) {
            sent = logBytes.merge(vertex.digest(), data.length, Integer::sum);
        }
        if (sent - data.length >= MAX_LOG_BYTES_PER_VERTEX) {
            return;
        }
        byte[] clipped = sent > MAX_LOG_BYTES_PER_VERTEX
                ? (new String(data, 0, Math.max(0, data.length - (sent - MAX_LOG_BYTES_PER_VERTEX)),
                        java.nio.charset.StandardCharsets.UTF_8) + "\n[output clipped, log limit "
                        + (MAX_LOG_BYTES_PER_VERTEX >> 20) + "MiB reached]\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)
                : data;
        publish(StatusResponse.newBuilder().addLogs(VertexLog.newBuilder().setVertex(vertex.digest())
                .setTimestamp(timestamp(at)).setStream(stream).setMsg(ByteString.copyFrom(clipped))).build());
    }

    @Override
    public void status(Vertex vertex, ProgressStatus status, Instant at) {
        VertexStatus.Builder out = VertexStatus.newBuilder().setID(status.id()).setVertex(vertex.digest())
                .setName(status.name()).setCurrent(status.current()).setTotal(status.total())
                .setTimestamp(timestamp(at)).setStarted(timestamp(status.started()));
        status.completion().ifPresent(done -> out.setCompleted(timestamp(done)));
        publish(StatusResponse.newBuilder().addStatuses(out).build());
    }

    @Override
    public void warning(Vertex vertex, BuildWarning warning) {
        VertexWarning.Builder out = VertexWarning.newBuilder().setVertex(vertex.digest()).setLevel(warning.level())
                .setShort(ByteString.copyFromUtf8(warning.summary())).setUrl(warning.url());
        warning.detail().forEach(line -> out.addDetail(ByteString.copyFromUtf8(line)));
        publish(StatusResponse.newBuilder().addWarnings(out).build());
    }

    /**
     * Replays what happened so far to the listener, then streams; {@code done} runs when the build
     * ends. Delivery happens under the lock so every listener sees events once and in order.
     */
    synchronized void subscribe(Consumer<StatusResponse> listener, Runnable done) {
        history.forEach(listener);
        if (closed) {
            done.run();
        } else {
            listeners.add(listener);
            onClose.add(done);
        }
    }

    synchronized void close() {
        closed = true;
        listeners.clear();
        onClose.forEach(Runnable::run);
        onClose.clear();
    }

    private synchronized void publish(StatusResponse response) {
        history.add(response);
        listeners.forEach(l -> l.accept(response));
    }

    private static org.jbuildkit.api.control.Vertex.Builder vertex(Vertex vertex) {
        org.jbuildkit.api.control.Vertex.Builder v = org.jbuildkit.api.control.Vertex.newBuilder()
                .setDigest(vertex.digest()).setName(vertex.name());
        for (Edge input : vertex.inputs()) {
            v.addInputs(input.vertex());
        }
        if (vertex.metadata().hasProgressGroup()) {
            v.setProgressGroup(vertex.metadata().getProgressGroup());
        }
        return v;
    }

    private static Timestamp timestamp(Instant at) {
        return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
    }
}
