package org.jbuildkit.client.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jbuildkit.api.control.VertexStatus;
import org.jbuildkit.api.control.VertexWarning;
import org.jbuildkit.client.output.GoFormat;

/**
 * One frame of the tty view, laid out as upstream's: a {@code [+] Building 3.2s (4/7)} header, one
 * line per started step ({@code => CACHED …}, {@code => ERROR …}) with its timer at the right edge,
 * {@code => => } lines for its sub-tasks and warnings, and the last few output lines of the busiest
 * running steps while the screen has room. Lines never reach the last column, so nothing wraps.
 */
final class TtyFrame {
    private static final String PREFIX = " => ";
    private static final int TERM_PAD = 10;
    static final int MIN_LOG_LINES = 6;

    private record Job(String name, String status, List<Interval> intervals, boolean completed, boolean error,
            boolean canceled, boolean timed, TracedVertex terminal) {
    }

    private final TtyColors colors;
    private final int logLines;

    TtyFrame(TtyColors colors, int logLines) {
        this.colors = colors;
        this.logLines = logLines;
    }

    List<String> render(ProgressTrace trace, Instant localNow, Terminal size, boolean last) {
        int width = size.width();
        Instant now = trace.daemonNow(localNow);
        List<Job> jobs = jobs(trace);
        List<Job> withTerminals = terminals(jobs, size.height());
        int termLines = withTerminals.stream().mapToInt(j -> j.terminal.tail.lastLines(width - TERM_PAD).size()).sum();
        if (!last) {
            jobs = wrapHeight(jobs, size.height() - 2 - termLines);
        }
        List<String> lines = new ArrayList<>();
        lines.add(header(trace, localNow, last, width));
        for (Job job : jobs) {
            String line = line(job, now, width);
            if (line == null) {
                continue;
            }
            lines.add(line);
            if (withTerminals.contains(job)) {
                for (String output : job.terminal.tail.lastLines(width - TERM_PAD)) {
                    lines.add(TtyColors.apply(" => => # " + output, TtyColors.FAINT));
                }
                job.terminal.tail.shown();
            }
        }
        return lines;
    }

    private static String header(ProgressTrace trace, Instant localNow, boolean last, int width) {
        int total = 0;
        int completed = 0;
        for (TracedVertex v : trace.all()) {
            total++;
            if (v.completed()) {
                completed++;
            }
        }
        Instant start = trace.localStart();
        double elapsed = start == null ? 0 : GoNumbers.seconds(Duration.between(start, localNow));
        String out = "[+] Building " + GoNumbers.fixed(Math.max(0, elapsed), 1) + "s (" + completed + "/" + total + ")"
                + (last && completed > 0 && completed == total ? " FINISHED" : "");
        return out.length() > width - 1 ? out.substring(0, width - 1) : out;
    }

    private List<Job> jobs(ProgressTrace trace) {
        List<Job> jobs = new ArrayList<>();
        for (TracedVertex v : trace.started()) {
            String name = printable(v.name());
            boolean error = !v.error().isEmpty() && !v.canceled();
            if (v.canceled()) {
                name = "CANCELED " + name;
            } else if (error) {
                name = "ERROR " + name;
            }
            if (v.cached()) {
                name = "CACHED " + name;
            }
            jobs.add(new Job(name, "", v.merged, v.completed(), error, v.canceled(), true, v));
            for (String id : v.statusOrder) {
                VertexStatus s = v.statuses.get(id);
                Interval ran = new Interval(ProgressTrace.instant(s.getStarted()),
                        s.hasCompleted() ? ProgressTrace.instant(s.getCompleted()) : null);
                boolean explainer = id.startsWith(PlainPrinter.CACHE_MISS);
                String status = s.getTotal() != 0
                        ? GoFormat.bytesFixed(s.getCurrent()) + " / " + GoFormat.bytesFixed(s.getTotal())
                        : s.getCurrent() != 0 ? GoFormat.bytesFixed(s.getCurrent()) : "";
                jobs.add(new Job("=> " + printable(id), status, List.of(ran), explainer || s.hasCompleted(), false,
                        false, !explainer, null));
            }
            Interval recent = v.mostRecent();
            for (VertexWarning w : v.warnings) {
                jobs.add(new Job("WARN: " + printable(w.getShort().toStringUtf8()), "",
                        recent == null ? List.of() : List.of(recent), v.completed(), false, true, true, null));
            }
        }
        return jobs;
    }

    /** The running steps whose output is shown, busiest first, while at least a tail's worth of rows is free. */
    private List<Job> terminals(List<Job> jobs, int height) {
        List<Job> candidates = new ArrayList<>();
        int inUse = 0;
        for (Job j : jobs) {
            if (j.terminal != null && j.terminal.tail.hasOutput() && !j.completed) {
                candidates.add(j);
            }
            if (!j.completed) {
                inUse++;
            }
        }
        candidates.sort(Comparator.comparingLong((Job j) -> j.terminal.tail.weight()).reversed());
        int free = height - 2 - inUse;
        int limit = Math.max(MIN_LOG_LINES, Math.min(logLines, height - MIN_LOG_LINES - 1)) + 3;
        List<Job> shown = new ArrayList<>();
        for (int i = 0; free > limit && i < candidates.size(); i++) {
            shown.add(candidates.get(i));
            free -= limit;
        }
        return shown;
    }

    /** Keeps the last rows that fit, pulling running jobs that would scroll away back into view. */
    private static List<Job> wrapHeight(List<Job> jobs, int limit) {
        if (limit < 0) {
            return List.of();
        }
        if (jobs.size() <= limit) {
            return jobs;
        }
        List<Job> wrapped = jobs.subList(jobs.size() - limit, jobs.size());
        List<Job> invisible = jobs.subList(0, jobs.size() - limit).stream().filter(j -> !j.completed).toList();
        if (invisible.isEmpty()) {
            return wrapped;
        }
        int budget = invisible.size();
        List<Job> kept = new ArrayList<>();
        for (Job j : wrapped) {
            if (!j.completed || budget <= 0) {
                kept.add(j);
            }
            budget--;
        }
        int freed = wrapped.size() - kept.size();
        List<Job> out = new ArrayList<>(invisible.subList(invisible.size() - freed, invisible.size()));
        out.addAll(kept);
        return out;
    }

    private String line(Job job, Instant now, int width) {
        if (job.intervals.isEmpty()) {
            return null;
        }
        double seconds = GoNumbers.seconds(Interval.total(Interval.merge(job.intervals), now));
        String timer = job.timed ? " " + GoNumbers.timer(seconds < 0.05 ? 0 : seconds) + "s" : "";
        // Upstream counts the timer's newline in its budget; the line stays one column short of the edge.
        int timerWidth = timer.length() + 1;
        int left = width - PREFIX.length() - timerWidth - 1;
        boolean showStatus = false;
        if (!job.status.isEmpty() && left + job.status.length() > 20) {
            showStatus = true;
            left -= job.status.length() + 1;
        }
        if (left < 12) {
            return null;
        }
        String name = job.name.length() > left ? job.name.substring(0, left) : job.name;
        String out = PREFIX + name + (showStatus ? " " + job.status : "");
        if (job.timed) {
            int pad = width - timerWidth - 1;
            out = (out.length() < pad ? out + " ".repeat(pad - out.length()) : out) + " " + timer;
        }
        if (!job.completed) {
            return out;
        }
        String color = job.canceled ? colors.cancel() : job.error ? colors.error() : colors.run();
        return TtyColors.apply(out, color);
    }

    /** Names go on the screen as text only: tabs become spaces, other control characters are dropped. */
    private static String printable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\t') {
                out.append(' ');
            } else if (c >= 0x20 && c != 0x7f) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
