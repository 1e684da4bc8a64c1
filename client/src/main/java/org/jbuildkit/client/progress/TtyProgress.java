package org.jbuildkit.client.progress;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jbuildkit.api.control.StatusResponse;
import org.jbuildkit.api.control.VertexWarning;

/**
 * {@code --progress tty}: a live view redrawn in place with ANSI cursor movement, at most every
 * 100 ms ({@code TTY_DISPLAY_RATE} ms, as upstream) and at least that often while steps run so
 * their timers move; at the end the final view stays on screen, followed by the failed steps' logs.
 */
public final class TtyProgress implements ProgressDisplay {
    private static final String HIDE_CURSOR = "\u001b[?25l";
    private static final String SHOW_CURSOR = "\u001b[?25h";
    private static final String CLEAR_TO_END_OF_LINE = "\u001b[K";
    private static final String CLEAR_BELOW = "\u001b[J";

    private final PrintWriter out;
    private final Terminal size;
    private final Supplier<Instant> clock;
    private final Duration rate;
    private final ProgressTrace trace;
    private final TtyFrame frame;
    private final ScheduledExecutorService ticker;
    private int linesOnScreen;
    private Instant lastDraw = Instant.MIN;
    private boolean finished;

    TtyProgress(PrintWriter out, Terminal size, Map<String, String> env, Supplier<Instant> clock, boolean tick) {
        this.out = out;
        this.size = size;
        this.clock = clock;
        this.rate = Duration.ofMillis(positive(env.get("TTY_DISPLAY_RATE"), 100));
        int logLines = positive(env.get("BUILDKIT_TTY_LOG_LINES"), TtyFrame.MIN_LOG_LINES);
        this.trace = new ProgressTrace(logLines);
        this.frame = new TtyFrame(TtyColors.fromEnvironment(env), logLines);
        this.ticker = tick ? Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "buildctl-tty");
            t.setDaemon(true);
            return t;
        }) : null;
        if (ticker != null) {
            ticker.scheduleAtFixedRate(this::tick, rate.toMillis(), rate.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The live view on this terminal, redrawn by its own timer. */
    public static TtyProgress on(PrintWriter out, Terminal size, Map<String, String> env) {
        return new TtyProgress(out, size, env, Instant::now, true);
    }

    @Override
    public synchronized void update(StatusResponse status) {
        Instant now = clock.get();
        trace.apply(status, now);
        if (Duration.between(lastDraw, now).compareTo(rate) >= 0) {
            draw(now, false);
        }
    }

    private synchronized void tick() {
        if (!finished && trace.localStart() != null) {
            draw(clock.get(), false);
        }
    }

    @Override
    public void finish() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        synchronized (this) {
            finished = true;
            draw(clock.get(), true);
            ErrorBox.print(trace, out);
            out.flush();
        }
    }

    private void draw(Instant now, boolean last) {
        List<String> lines = frame.render(trace, now, size, last);
        StringBuilder screen = new StringBuilder(HIDE_CURSOR);
        if (linesOnScreen > 0) {
            screen.append("\u001b[").append(linesOnScreen).append('A');
        }
        screen.append('\r');
        for (String line : lines) {
            screen.append(line).append(CLEAR_TO_END_OF_LINE).append('\n');
        }
        if (lines.size() < linesOnScreen) {
            screen.append(CLEAR_BELOW);
        }
        screen.append(SHOW_CURSOR);
        out.print(screen);
        out.flush();
        linesOnScreen = lines.size();
        lastDraw = now;
    }

    @Override
    public synchronized List<FailedStep> failedSteps() {
        return ErrorBox.failedSteps(trace);
    }

    @Override
    public synchronized List<VertexWarning> warnings() {
        return List.copyOf(trace.warnings());
    }

    private static int positive(String value, int fallback) {
        try {
            int n = value == null ? fallback : Integer.parseInt(value.trim());
            return n > 0 ? n : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
