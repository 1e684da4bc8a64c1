package org.jbuildkit.client.progress;

import com.google.protobuf.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jbuildkit.api.control.StatusResponse;
import org.jbuildkit.api.control.Vertex;
import org.jbuildkit.api.control.VertexLog;
import org.jbuildkit.api.control.VertexStatus;
import org.jbuildkit.api.control.VertexWarning;

/**
 * A build's progress merged from the {@code StatusResponse} stream, the way upstream's progressui
 * {@code trace} merges it: vertices by digest (re-sent ones update in place), in the order they
 * started, with the set of vertices that changed since they were last printed.
 */
final class ProgressTrace {
    static final String CLIP_MARK = "[output clipped, log limit ";

    private final Map<String, TracedVertex> byDigest = new LinkedHashMap<>();
    private final List<TracedVertex> startedOrder = new ArrayList<>();
    private final Set<String> updates = new LinkedHashSet<>();
    private final List<VertexWarning> warnings = new ArrayList<>();
    private final int tailLines;
    private Instant firstStart;
    /** Local clock minus the daemon's, estimated when the first vertex started. */
    private Duration localTimeDiff;

    /** {@code tailLines} &gt; 0 keeps each vertex's output as a terminal shows it (the tty view). */
    ProgressTrace(int tailLines) {
        this.tailLines = tailLines;
    }

    void apply(StatusResponse status, Instant now) {
        for (Vertex v : status.getVertexesList()) {
            vertex(v, now);
        }
        for (VertexStatus s : status.getStatusesList()) {
            TracedVertex v = byDigest.get(s.getVertex());
            if (v == null) {
                continue;
            }
            VertexStatus before = v.statuses.get(s.getID());
            if (s.hasStarted() && (before == null || !before.hasStarted())) {
                v.statusOrder.add(s.getID());
            }
            v.statuses.put(s.getID(), s);
            v.statusUpdates.add(s.getID());
            updates.add(v.digest);
            v.touch(now);
        }
        for (VertexWarning w : status.getWarningsList()) {
            TracedVertex v = byDigest.get(w.getVertex());
            if (v == null) {
                continue;
            }
            v.warnings.add(w);
            warnings.add(w);
            v.touch(now);
        }
        for (VertexLog log : status.getLogsList()) {
            TracedVertex v = byDigest.get(log.getVertex());
            if (v != null) {
                log(v, log, now);
            }
        }
    }

    private void vertex(Vertex v, Instant now) {
        if (firstStart == null && v.hasStarted()) {
            firstStart = instant(v.getStarted());
        }
        TracedVertex traced = byDigest.get(v.getDigest());
        boolean wasStarted = traced != null && traced.started();
        if (traced == null) {
            traced = new TracedVertex(v.getDigest(), tailLines > 0 ? new LogTail(tailLines) : null);
            byDigest.put(v.getDigest(), traced);
        }
        if (v.hasStarted()) {
            if (changed(traced.previous, v)) {
                traced.touch(now);
                updates.add(v.getDigest());
            }
            traced.previous = v;
        }
        if (v.hasStarted() && !wasStarted) {
            if (localTimeDiff == null) {
                localTimeDiff = Duration.between(instant(v.getStarted()), now);
            }
            startedOrder.add(traced);
        }
        // A re-sent vertex without a start does not undo what is known of a started one.
        if (!wasStarted || v.hasStarted()) {
            traced.vertex = v;
        }
        if (v.hasStarted()) {
            Instant start = instant(v.getStarted());
            traced.intervals.put(start.getEpochSecond() * 1_000_000_000L + start.getNano(),
                    new Interval(start, v.hasCompleted() ? instant(v.getCompleted()) : null));
            traced.merged = Interval.merge(new ArrayList<>(traced.intervals.values()));
        }
    }

    private static boolean changed(Vertex before, Vertex now) {
        return before == null || !before.getName().equals(now.getName())
                || !Objects.equals(before.getStarted(), now.getStarted())
                || now.hasCompleted() && !Objects.equals(before.getCompleted(), now.getCompleted())
                || before.getCached() != now.getCached() || !before.getError().equals(now.getError());
    }

    private void log(TracedVertex v, VertexLog log, Instant now) {
        String text = v.text.decode(log.getMsg().toByteArray());
        if (text.contains(CLIP_MARK)) {
            v.clipped = true;
        }
        if (v.tail != null) {
            v.tail.write(text);
        }
        updates.add(v.digest);
        v.touch(now);
        if (text.isEmpty()) {
            // Only part of a character arrived; it is shown with the rest.
            return;
        }
        Interval recent = v.mostRecent();
        Duration at = recent == null ? Duration.ZERO : Duration.between(recent.start(), instant(log.getTimestamp()));
        v.logsPartial = split(text, piece -> {
            if (v.logsPartial && !v.logs.isEmpty() && piece.first()) {
                int last = v.logs.size() - 1;
                v.logs.set(last, v.logs.get(last) + piece.text());
            } else {
                v.logs.add(GoNumbers.logSeconds(at) + " " + piece.text());
            }
        });
    }

    private record Piece(String text, boolean first) {
    }

    /** Upstream's split: calls back per line; true when the text ended mid-line. */
    private static boolean split(String text, Consumer<Piece> piece) {
        int from = 0;
        boolean first = true;
        while (from < text.length()) {
            int newline = text.indexOf('\n', from);
            if (newline < 0) {
                piece.accept(new Piece(text.substring(from), first));
                return true;
            }
            piece.accept(new Piece(text.substring(from, newline), first));
            first = false;
            from = newline + 1;
        }
        return false;
    }

    TracedVertex get(String digest) {
        return byDigest.get(digest);
    }

    /** Every vertex the stream mentioned, started or not, in first-seen order. */
    Iterable<TracedVertex> all() {
        return byDigest.values();
    }

    int size() {
        return byDigest.size();
    }

    List<TracedVertex> started() {
        return startedOrder;
    }

    Set<String> updates() {
        return updates;
    }

    List<VertexWarning> warnings() {
        return warnings;
    }

    /** When the build started on the local clock, or null before any vertex started. */
    Instant localStart() {
        return firstStart == null ? null : firstStart.plus(localTimeDiff);
    }

    /** The daemon's clock now, as far as the local clock can tell. */
    Instant daemonNow(Instant localNow) {
        return localTimeDiff == null ? localNow : localNow.minus(localTimeDiff);
    }

    static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
