package org.jbuildkit.client.progress;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jbuildkit.api.control.VertexStatus;
import org.jbuildkit.client.output.GoFormat;

/**
 * Upstream's plain text printer ({@code progressui} {@code textMux}): one vertex is "current" and
 * owns the output; finished vertices are printed first, and output switches to another running
 * vertex ({@code #N ...} marks where the current one was left, its header is printed again when it
 * comes back) when the current one is quiet for a while or another has been waiting too long.
 */
final class PlainPrinter {
    static final String CACHE_MISS = "cache miss: ";
    private static final Duration ANTI_FLICKER = Duration.ofSeconds(5);
    private static final Duration MAX_DELAY = Duration.ofSeconds(10);
    private static final Duration MIN_TIME_DELTA = Duration.ofSeconds(5);
    private static final double MIN_PROGRESS_DELTA = 0.05;

    private record LastStatus(long current, Instant timestamp) {
    }

    private final PrintWriter out;
    private final Map<String, LastStatus> last = new HashMap<>();
    private String current;
    private boolean notFirst;
    private int nextIndex;

    PlainPrinter(PrintWriter out) {
        this.out = out;
    }

    void print(ProgressTrace trace, Instant now) {
        List<TracedVertex> completed = new ArrayList<>();
        Set<String> rest = new LinkedHashSet<>();
        for (String digest : List.copyOf(trace.updates())) {
            TracedVertex v = trace.get(digest);
            if (v == null) {
                continue;
            }
            if (v.completed()) {
                completed.add(v);
            } else {
                rest.add(digest);
            }
        }
        String wasCurrent = current;
        boolean currentCompleted = completed.stream().anyMatch(v -> v.digest.equals(wasCurrent));
        if (currentCompleted) {
            printVertex(trace, wasCurrent);
        }
        completed.sort(Comparator.comparing(v -> v.mostRecent().stop()));
        for (TracedVertex v : completed) {
            if (!v.digest.equals(wasCurrent)) {
                printVertex(trace, v.digest);
            }
        }
        if (rest.isEmpty()) {
            if (wasCurrent != null) {
                TracedVertex c = trace.get(wasCurrent);
                if (c.started() && !c.completed()) {
                    return;
                }
            }
            // Make an open vertex the current one.
            for (TracedVertex v : trace.started()) {
                if (!v.completed()) {
                    printVertex(trace, v.digest);
                    return;
                }
            }
            return;
        }
        if (rest.contains(wasCurrent)) {
            printVertex(trace, wasCurrent);
        }
        pickNext(trace, rest, wasCurrent, currentCompleted, now);
    }

    private record Share(Duration blockTime, double speed, boolean overLimit) {
    }

    /** Upstream's fair split of the output between running vertices. */
    private void pickNext(ProgressTrace trace, Set<String> rest, String wasCurrent, boolean currentCompleted,
            Instant now) {
        Map<String, Share> shares = new HashMap<>();
        Set<String> candidates = new LinkedHashSet<>(rest);
        if (wasCurrent != null) {
            candidates.add(wasCurrent);
        }
        double sum = 0;
        String max = null;
        for (String digest : candidates) {
            TracedVertex v = trace.get(digest);
            if (v == null || v.lastBlockTime == null) {
                continue;
            }
            Duration blocked = Duration.between(v.lastBlockTime, now);
            double secs = Math.max(GoNumbers.seconds(blocked), 1e-9);
            Share share = new Share(blocked, v.count / secs, blocked.compareTo(MAX_DELAY) > 0
                    && !digest.equals(wasCurrent));
            shares.put(digest, share);
            sum += share.speed;
            if (share.overLimit || max == null || shares.get(max).speed < share.speed) {
                max = digest;
            }
        }
        if (max == null) {
            return;
        }
        if (currentCompleted || wasCurrent == null) {
            printVertex(trace, max);
            return;
        }
        for (String digest : rest) {
            Share share = shares.get(digest);
            if (share != null && share.overLimit) {
                printVertex(trace, digest);
                return;
            }
        }
        Share currentShare = shares.get(wasCurrent);
        if (currentShare != null && sum > 0) {
            double share = currentShare.speed / sum;
            if (1.0 / (1.0 - share) * ANTI_FLICKER.getSeconds() < GoNumbers.seconds(currentShare.blockTime)) {
                printVertex(trace, max);
            }
        }
    }

    private void printVertex(ProgressTrace trace, String digest) {
        TracedVertex v = trace.get(digest);
        if (v == null) {
            return;
        }
        if (v.index == 0) {
            v.index = ++nextIndex;
        }
        if (!digest.equals(current)) {
            if (current != null) {
                TracedVertex old = trace.get(current);
                if (old.logsPartial) {
                    out.println();
                }
                old.logsOffset = 0;
                old.count = 0;
                out.printf("#%d ...%n", old.index);
            }
            if (notFirst) {
                out.println();
            }
            notFirst = true;
            out.printf("#%d %s%n", v.index, v.name());
        }
        boolean openStatus = printStatuses(v);
        for (; v.warningsPrinted < v.warnings.size(); v.warningsPrinted++) {
            out.printf("#%d WARN: %s%n", v.index, v.warnings.get(v.warningsPrinted).getShort().toStringUtf8());
        }
        printLogs(v);
        current = digest;
        if (v.completed() && !openStatus) {
            current = null;
            v.count = 0;
            if (v.logsPartial) {
                out.println();
            }
            if (!v.error().isEmpty()) {
                if (v.canceled()) {
                    out.printf("#%d CANCELED%n", v.index);
                } else {
                    out.printf("#%d ERROR: %s%n", v.index, v.error());
                }
            } else if (v.cached()) {
                out.printf("#%d CACHED%n", v.index);
            } else {
                String took = v.merged.isEmpty() ? ""
                        : " " + GoNumbers.fixed(GoNumbers.seconds(Interval.total(v.merged, now(v))), 1) + "s";
                out.printf("#%d DONE%s%n", v.index, took);
            }
        }
        trace.updates().remove(digest);
    }

    private static Instant now(TracedVertex v) {
        return v.mostRecent().stop();
    }

    /** Prints the statuses that changed; true when one of them is still running. */
    private boolean printStatuses(TracedVertex v) {
        boolean open = false;
        for (String id : v.statusOrder) {
            if (!v.statusUpdates.contains(id)) {
                continue;
            }
            VertexStatus s = v.statuses.get(id);
            if (id.startsWith(CACHE_MISS)) {
                // The cache explainer's line: said once, no timing, never holds the vertex open.
                if (v.explained.add(id)) {
                    out.printf("#%d %s%n", v.index, id);
                }
                continue;
            }
            Instant timestamp = ProgressTrace.instant(s.getTimestamp());
            LastStatus before = last.get(id);
            if (before != null && !s.hasCompleted()) {
                double progress = s.getTotal() > 0 ? (double) (s.getCurrent() - before.current) / s.getTotal() : 0;
                if (progress < MIN_PROGRESS_DELTA
                        && Duration.between(before.timestamp, timestamp).compareTo(MIN_TIME_DELTA) < 0) {
                    continue;
                }
            }
            last.put(id, new LastStatus(s.getCurrent(), timestamp));
            String bytes = s.getTotal() != 0
                    ? " " + GoFormat.bytesFixed(s.getCurrent()) + " / " + GoFormat.bytesFixed(s.getTotal())
                    : s.getCurrent() != 0 ? " " + GoFormat.bytesFixed(s.getCurrent()) : "";
            String tm = "";
            Instant end = s.hasCompleted() ? ProgressTrace.instant(s.getCompleted()) : timestamp;
            if (s.hasStarted()) {
                double diff = GoNumbers.seconds(Duration.between(ProgressTrace.instant(s.getStarted()), end));
                if (diff > 0.01) {
                    tm = " " + GoNumbers.fixed(diff, 1) + "s";
                }
            }
            if (s.hasCompleted()) {
                tm += " done";
            } else {
                open = true;
            }
            out.printf("#%d %s%s%s%n", v.index, id, bytes, tm);
        }
        v.statusUpdates.clear();
        return open;
    }

    private void printLogs(TracedVertex v) {
        for (int i = 0; i < v.logs.size(); i++) {
            String line = v.logs.get(i);
            if (i == 0 && v.logsOffset != 0) {
                // The start of this line is printed already.
                out.print(line.substring(v.logsOffset));
            } else {
                out.printf("#%d %s", v.index, line);
            }
            boolean complete = i != v.logs.size() - 1 || !v.logsPartial;
            if (complete) {
                out.println();
            }
            v.remember(line, complete);
        }
        if (!v.logs.isEmpty()) {
            if (v.logsPartial) {
                String partial = v.logs.get(v.logs.size() - 1);
                v.logs.clear();
                v.logs.add(partial);
                v.logsOffset = partial.length();
            } else {
                v.logs.clear();
                v.logsOffset = 0;
            }
        }
    }
}
