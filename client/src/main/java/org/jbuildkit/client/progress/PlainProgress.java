package org.jbuildkit.client.progress;

import com.google.protobuf.Timestamp;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jbuildkit.api.control.StatusResponse;
import org.jbuildkit.api.control.Vertex;
import org.jbuildkit.api.control.VertexLog;

/**
 * Upstream's {@code --progress plain} format: {@code #3 [name]}, {@code #3 0.412 log line},
 * {@code #3 DONE 1.2s}, {@code #3 CACHED}, {@code #3 ERROR: …}, a blank line after each finished step,
 * and on failure the failed step's last log lines between {@code ------} rules.
 */
public final class PlainProgress implements ProgressDisplay {
    static final int FAILURE_LOG_LINES = 10;

    private final PrintWriter out;
    private final Map<String, Step> steps = new HashMap<>();
    private int next = 1;
    private String failedDigest;

    private static final class Step {
        final int number;
        String name = "";
        Instant started;
        boolean announced;
        boolean finished;
        final StringBuilder partial = new StringBuilder();
        final Deque<String> lastLines = new ArrayDeque<>();

        Step(int number) {
            this.number = number;
        }
    }

    public PlainProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public synchronized void update(StatusResponse status) {
        for (Vertex v : status.getVertexesList()) {
            Step step = step(v.getDigest());
            if (!v.getName().isEmpty()) {
                step.name = v.getName();
            }
            if (v.hasStarted() && step.started == null) {
                step.started = instant(v.getStarted());
            }
            if (v.getCached() && !step.finished) {
                announce(step);
                out.printf("#%d CACHED%n%n", step.number);
                step.finished = true;
            } else if (!v.getError().isEmpty() && !step.finished) {
                announce(step);
                flushPartial(step);
                out.printf("#%d ERROR: %s%n", step.number, v.getError());
                step.finished = true;
                failedDigest = v.getDigest();
            } else if (v.hasCompleted() && !step.finished) {
                announce(step);
                flushPartial(step);
                Duration took = Duration.between(step.started == null ? instant(v.getCompleted()) : step.started,
                        instant(v.getCompleted()));
                out.printf(Locale.ROOT, "#%d DONE %.1fs%n%n", step.number, took.toMillis() / 1000.0);
                step.finished = true;
            } else if (v.hasStarted()) {
                announce(step);
            }
        }
        for (VertexLog log : status.getLogsList()) {
            Step step = step(log.getVertex());
            announce(step);
            double at = step.started == null ? 0
                    : Duration.between(step.started, instant(log.getTimestamp())).toNanos() / 1e9;
            step.partial.append(log.getMsg().toString(StandardCharsets.UTF_8));
            int newline;
            while ((newline = step.partial.indexOf("\n")) >= 0) {
                String line = step.partial.substring(0, newline);
                step.partial.delete(0, newline + 1);
                printLog(step, at, line);
            }
        }
        out.flush();
    }

    @Override
    public synchronized void finish(String error) {
        if (error == null) {
            out.flush();
            return;
        }
        Step failed = failedDigest == null ? null : steps.get(failedDigest);
        if (failed != null && !failed.lastLines.isEmpty()) {
            out.println("------");
            out.printf(" > %s:%n", failed.name);
            failed.lastLines.forEach(out::println);
            out.println("------");
        }
        out.flush();
    }

    private void printLog(Step step, double at, String line) {
        String formatted = String.format(Locale.ROOT, "#%d %.3f %s", step.number, at, line);
        out.println(formatted);
        step.lastLines.addLast(formatted);
        if (step.lastLines.size() > FAILURE_LOG_LINES) {
            step.lastLines.removeFirst();
        }
    }

    private void flushPartial(Step step) {
        if (step.partial.length() > 0) {
            printLog(step, 0, step.partial.toString());
            step.partial.setLength(0);
        }
    }

    private void announce(Step step) {
        if (!step.announced) {
            out.printf("#%d %s%n", step.number, step.name);
            step.announced = true;
        }
    }

    private Step step(String digest) {
        return steps.computeIfAbsent(digest, d -> new Step(next++));
    }

    private static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
