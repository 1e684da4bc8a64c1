package org.jbuildkit.daemon.control;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jbuildkit.api.control.StatusResponse;
import org.jbuildkit.api.control.VertexLog;
import org.jbuildkit.api.control.VertexStatus;
import org.jbuildkit.api.control.VertexWarning;
import org.jbuildkit.daemon.buildlog.BuildLog;
import org.jbuildkit.daemon.solver.BuildWarning;
import org.jbuildkit.daemon.solver.Edge;
import org.jbuildkit.daemon.solver.ProgressSink;
import org.jbuildkit.daemon.solver.ProgressStatus;
import org.jbuildkit.daemon.solver.Vertex;
import org.jbuildkit.daemon.solver.VertexFailedException;

/**
 * One build's progress as upstream's {@code StatusResponse} messages: every event is kept so a
 * {@code Control.Status} call that arrives late gets the whole story, then the live tail; the
 * stream ends when the build does. Step logs are clipped on the stream at upstream's limits and kept
 * whole in the build's log.
 */
final class BuildProgress implements ProgressSink {
    private final StepLogLimits limits;
    private final BuildLog log;
    private final List<StatusResponse> history = new ArrayList<>();
    private final List<Consumer<StatusResponse>> listeners = new ArrayList<>();
    private final Map<String, Instant> startedAt = new HashMap<>();
    private final Map<String, StepLogClipper> clippers = new HashMap<>();
    private final List<Runnable> onClose = new ArrayList<>();
    private boolean closed;

    BuildProgress(StepLogLimits limits, BuildLog log) {
        this.limits = limits;
        this.log = log;
    }

    /** A build that never runs: nothing is kept. */
    static BuildProgress nothing() {
        return new BuildProgress(StepLogLimits.UPSTREAM, BuildLog.discarding());
    }

    @Override
    public void started(Vertex vertex, Instant at) {
        synchronized (this) {
            startedAt.putIfAbsent(vertex.digest(), at);
        }
        publish(StatusResponse.newBuilder().addVertexes(vertex(vertex).setStarted(timestamp(at))).build());
    }

    @Override
    public void completed(Vertex vertex, Instant started, Instant at, boolean cached, Throwable error) {
        org.jbuildkit.api.control.Vertex.Builder v = vertex(vertex).setStarted(timestamp(started))
                .setCompleted(timestamp(at)).setCached(cached);
        if (error != null) {
            // The step is named by the vertex already; show the cause as upstream does.
            Throwable shown = error instanceof VertexFailedException && error.getCause() != null ? error.getCause()
                    : error;
            v.setError(shown.getMessage() == null ? shown.toString() : shown.getMessage());
            sendClippedTails(vertex, at);
        }
        publish(StatusResponse.newBuilder().addVertexes(v).build());
    }

    @Override
    public void log(Vertex vertex, int stream, byte[] data, Instant at) {
        log.append(vertex.digest(), data);
        byte[] shown;
        synchronized (this) {
            Instant created = startedAt.getOrDefault(vertex.digest(), at);
            shown = clippers.computeIfAbsent(vertex.digest() + "@" + stream, k -> new StepLogClipper(limits, created))
                    .accept(data, at);
        }
        if (shown.length > 0) {
            publish(logMessage(vertex, stream, shown, at));
        }
    }

    /** As upstream, a failed step's clipped streams end with their last 256 KiB, so the cause is in sight. */
    private void sendClippedTails(Vertex vertex, Instant at) {
        for (int stream = 1; stream <= 2; stream++) {
            Optional<byte[]> tail;
            synchronized (this) {
                StepLogClipper clipper = clippers.get(vertex.digest() + "@" + stream);
                tail = clipper == null ? Optional.empty() : clipper.tail();
            }
            if (tail.isPresent() && tail.get().length > 0) {
                publish(logMessage(vertex, stream, tail.get(), at));
            }
        }
    }

    private static StatusResponse logMessage(Vertex vertex, int stream, byte[] data, Instant at) {
        return StatusResponse.newBuilder().addLogs(VertexLog.newBuilder().setVertex(vertex.digest())
                .setTimestamp(timestamp(at)).setStream(stream).setMsg(ByteString.copyFrom(data))).build();
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
        warning.sourceInfo().ifPresent(out::setInfo);
        out.addAllRanges(warning.ranges());
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

    /** The build ended: its logs are finished on disk before anyone hears that it ended. */
    synchronized void close() {
        log.close();
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
