package org.jbuildkit.client.progress;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import org.jbuildkit.api.control.StatusResponse;
import org.jbuildkit.api.control.Vertex;
import org.jbuildkit.api.control.VertexLog;
import org.jbuildkit.api.control.VertexStatus;
import org.jbuildkit.api.control.VertexWarning;

/** Recorded-style StatusResponse messages for renderer tests; times are milliseconds after a fixed start. */
final class StatusMessages {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private StatusMessages() {
    }

    static Timestamp at(long millis) {
        Instant i = T0.plusMillis(millis);
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }

    static String digest(String name) {
        return "sha256:" + String.format("%64s", Integer.toHexString(name.hashCode())).replace(' ', '0');
    }

    static StatusResponse started(String id, String name, long started) {
        return StatusResponse.newBuilder().addVertexes(Vertex.newBuilder().setDigest(digest(id)).setName(name)
                .setStarted(at(started))).build();
    }

    static StatusResponse done(String id, String name, long started, long completed) {
        return StatusResponse.newBuilder().addVertexes(Vertex.newBuilder().setDigest(digest(id)).setName(name)
                .setStarted(at(started)).setCompleted(at(completed))).build();
    }

    static StatusResponse cached(String id, String name, long at) {
        return StatusResponse.newBuilder().addVertexes(Vertex.newBuilder().setDigest(digest(id)).setName(name)
                .setStarted(at(at)).setCompleted(at(at)).setCached(true)).build();
    }

    static StatusResponse failed(String id, String name, long started, long completed, String error) {
        return StatusResponse.newBuilder().addVertexes(Vertex.newBuilder().setDigest(digest(id)).setName(name)
                .setStarted(at(started)).setCompleted(at(completed)).setError(error)).build();
    }

    static StatusResponse log(String id, long at, String text) {
        return StatusResponse.newBuilder().addLogs(VertexLog.newBuilder().setVertex(digest(id)).setStream(1)
                .setTimestamp(at(at)).setMsg(ByteString.copyFromUtf8(text))).build();
    }

    /** A sub-task; {@code completed} &lt; 0 while it runs. */
    static StatusResponse status(String id, String statusId, long current, long total, long started, long now,
            long completed) {
        VertexStatus.Builder s = VertexStatus.newBuilder().setVertex(digest(id)).setID(statusId).setCurrent(current)
                .setTotal(total).setStarted(at(started)).setTimestamp(at(now));
        if (completed >= 0) {
            s.setCompleted(at(completed));
        }
        return StatusResponse.newBuilder().addStatuses(s).build();
    }

    static StatusResponse warning(String id, String summary, String... detail) {
        VertexWarning.Builder w = VertexWarning.newBuilder().setVertex(digest(id)).setLevel(1)
                .setShort(ByteString.copyFromUtf8(summary)).setUrl("https://docs.example/warn");
        for (String d : detail) {
            w.addDetail(ByteString.copyFromUtf8(d));
        }
        return StatusResponse.newBuilder().addWarnings(w).build();
    }

    /** The time the test says it is, moved by hand as the daemon's events would arrive. */
    static final class TestClock implements java.util.function.Supplier<Instant> {
        private Instant now = T0;

        TestClock at(long millis) {
            now = T0.plusMillis(millis);
            return this;
        }

        @Override
        public Instant get() {
            return now;
        }
    }
}
