package org.jbuildkit.client.progress;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jbuildkit.api.control.Vertex;
import org.jbuildkit.api.control.VertexStatus;
import org.jbuildkit.api.control.VertexWarning;

/**
 * What the client knows of one vertex, merged from every {@code StatusResponse} that mentioned it
 * (upstream's {@code vertex} in progressui): its latest state, run intervals, sub-task statuses,
 * log lines not printed yet, warnings, and what the renderers keep between prints.
 */
final class TracedVertex {
    static final int LAST_LINES = 10;

    final String digest;
    Vertex vertex;
    /** The vertex as last seen, to tell a real change from a re-send. */
    Vertex previous;
    final Map<Long, Interval> intervals = new TreeMap<>();
    List<Interval> merged = List.of();

    /** Statuses by ID, and the IDs in the order they started (only started ones are shown). */
    final Map<String, VertexStatus> statuses = new HashMap<>();
    final List<String> statusOrder = new ArrayList<>();
    final Set<String> statusUpdates = new LinkedHashSet<>();

    /** Log lines formatted as {@code <seconds> <text>}, the last one unfinished when {@code logsPartial}. */
    final List<String> logs = new ArrayList<>();
    boolean logsPartial;
    /** How much of the first pending line is already printed (plain prints partial lines as they come). */
    int logsOffset;
    /** The last lines printed (plain), for the failure box. */
    final Deque<String> lastLines = new ArrayDeque<>();
    private boolean lastLinePartial;
    final Utf8Text text = new Utf8Text();
    /** The daemon clipped this vertex's log on the progress stream. */
    boolean clipped;
    /** The running output as a terminal would show it (tty). */
    final LogTail tail;

    final List<VertexWarning> warnings = new ArrayList<>();
    int warningsPrinted;
    /** cache-miss explanations already printed (they are shown once). */
    final Set<String> explained = new HashSet<>();

    /** Plain's step number, given when first printed. */
    int index;
    /** Events since this vertex was last printed, and when the first of them came (plain's scheduling). */
    int count;
    Instant lastBlockTime;

    TracedVertex(String digest, LogTail tail) {
        this.digest = digest;
        this.tail = tail;
    }

    String name() {
        return vertex == null ? "" : vertex.getName();
    }

    String error() {
        return vertex == null ? "" : vertex.getError();
    }

    boolean cached() {
        return vertex != null && vertex.getCached();
    }

    boolean canceled() {
        String error = error();
        return error.endsWith("context canceled") || error.endsWith("build cancelled");
    }

    boolean started() {
        return !merged.isEmpty();
    }

    boolean completed() {
        return started() && merged.get(merged.size() - 1).stop() != null;
    }

    Interval mostRecent() {
        return merged.isEmpty() ? null : merged.get(merged.size() - 1);
    }

    /** Counts an event; the first one since the last print starts the clock plain uses to share the screen. */
    void touch(Instant now) {
        if (count == 0) {
            lastBlockTime = now;
        }
        count++;
    }

    /** Keeps a printed line for the box; a line printed in pieces is kept whole, once. */
    void remember(String line, boolean complete) {
        if (lastLinePartial && !lastLines.isEmpty()) {
            lastLines.removeLast();
        }
        lastLines.addLast(line);
        lastLinePartial = !complete;
        while (lastLines.size() > LAST_LINES) {
            lastLines.removeFirst();
        }
    }
}
