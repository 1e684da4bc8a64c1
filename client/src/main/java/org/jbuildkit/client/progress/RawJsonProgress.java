package org.jbuildkit.client.progress;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import org.jbuildkit.api.control.StatusResponse;
import org.jbuildkit.api.control.Vertex;
import org.jbuildkit.api.control.VertexLog;
import org.jbuildkit.api.control.VertexStatus;
import org.jbuildkit.api.control.VertexWarning;
import org.jbuildkit.api.grpcerrors.GoProtoJson;

/**
 * {@code --progress rawjson}: each status message as one line of JSON in upstream's shape, which is
 * Go's encoding of its {@code client.SolveStatus} (not protobuf's JSON): {@code vertexes},
 * {@code statuses}, {@code logs} with base64 {@code data}, {@code warnings}; RFC 3339 times in UTC;
 * empty fields left out as Go's {@code omitempty} does.
 */
public final class RawJsonProgress implements ProgressDisplay {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final PrintWriter out;

    public RawJsonProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public synchronized void update(StatusResponse status) {
        out.print(json(status));
        out.print('\n');
        out.flush();
    }

    @Override
    public void finish() {
        out.flush();
    }

    static String json(StatusResponse status) {
        Json json = new Json();
        json.object(o -> {
            o.array("vertexes", status.getVertexesList(), (j, v) -> j.object(x -> vertex(x, v)));
            o.array("statuses", status.getStatusesList(), (j, s) -> j.object(x -> status(x, s)));
            o.array("logs", status.getLogsList(), (j, l) -> j.object(x -> log(x, l)));
            o.array("warnings", status.getWarningsList(), (j, w) -> j.object(x -> warning(x, w)));
        });
        return json.toString();
    }

    private static void vertex(Json json, Vertex v) {
        json.string("digest", v.getDigest(), true);
        json.array("inputs", v.getInputsList(), (j, input) -> j.value(input));
        json.string("name", v.getName(), true);
        if (v.hasStarted()) {
            json.raw("started", time(v.getStarted()));
        }
        if (v.hasCompleted()) {
            json.raw("completed", time(v.getCompleted()));
        }
        if (v.getCached()) {
            json.raw("cached", "true");
        }
        json.string("error", v.getError(), true);
        if (v.hasProgressGroup()) {
            json.raw("progressGroup", GoProtoJson.encode(v.getProgressGroup()));
        }
    }

    private static void status(Json json, VertexStatus s) {
        json.string("id", s.getID(), false);
        json.string("vertex", s.getVertex(), true);
        json.string("name", s.getName(), true);
        if (s.getTotal() != 0) {
            json.raw("total", Long.toString(s.getTotal()));
        }
        json.raw("current", Long.toString(s.getCurrent()));
        json.raw("timestamp", time(s.getTimestamp()));
        if (s.hasStarted()) {
            json.raw("started", time(s.getStarted()));
        }
        if (s.hasCompleted()) {
            json.raw("completed", time(s.getCompleted()));
        }
    }

    private static void log(Json json, VertexLog l) {
        json.string("vertex", l.getVertex(), true);
        if (l.getStream() != 0) {
            json.raw("stream", Long.toString(l.getStream()));
        }
        json.string("data", base64(l.getMsg()), false);
        json.raw("timestamp", time(l.getTimestamp()));
    }

    private static void warning(Json json, VertexWarning w) {
        json.string("vertex", w.getVertex(), true);
        if (w.getLevel() != 0) {
            json.raw("level", Long.toString(w.getLevel()));
        }
        json.string("short", base64(w.getShort()), true);
        json.array("detail", w.getDetailList(), (j, d) -> j.value(base64(d)));
        json.string("url", w.getUrl(), true);
        if (w.hasInfo()) {
            json.raw("sourceInfo", GoProtoJson.encode(w.getInfo()));
        }
        json.array("range", w.getRangesList(), (j, r) -> j.rawValue(GoProtoJson.encode(r)));
    }

    private static String base64(ByteString bytes) {
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** Go's {@code time.Time} in JSON: RFC 3339 with the fraction's trailing zeros dropped. */
    static String time(Timestamp t) {
        Instant at = Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
        String fraction = at.getNano() == 0 ? ""
                : ("." + String.format(java.util.Locale.ROOT, "%09d", at.getNano())).replaceAll("0+$", "");
        return "\"" + SECONDS.format(at) + fraction + "Z\"";
    }

    /** Just enough of a JSON writer for these objects. */
    private static final class Json {
        private final StringBuilder out = new StringBuilder();
        private boolean first = true;

        interface Item<T> {
            void write(Json json, T item);
        }

        private void separate() {
            if (!first) {
                out.append(',');
            }
            first = false;
        }

        private void key(String name) {
            separate();
            GoProtoJson.quote(out, name);
            out.append(':');
        }

        void object(java.util.function.Consumer<Json> body) {
            separate();
            out.append('{');
            first = true;
            body.accept(this);
            out.append('}');
            first = false;
        }

        <T> void array(String name, List<T> items, Item<T> item) {
            if (items.isEmpty()) {
                return;
            }
            key(name);
            out.append('[');
            first = true;
            for (T t : items) {
                item.write(this, t);
            }
            out.append(']');
            first = false;
        }

        void string(String name, String value, boolean omitEmpty) {
            if (omitEmpty && value.isEmpty()) {
                return;
            }
            key(name);
            GoProtoJson.quote(out, value);
        }

        void raw(String name, String json) {
            key(name);
            out.append(json);
        }

        void value(String s) {
            separate();
            GoProtoJson.quote(out, s);
        }

        void rawValue(String json) {
            separate();
            out.append(json);
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
