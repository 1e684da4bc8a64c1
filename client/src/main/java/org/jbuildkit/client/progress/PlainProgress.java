package org.jbuildkit.client.progress;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.jbuildkit.api.control.StatusResponse;
import org.jbuildkit.api.control.VertexWarning;

/**
 * {@code --progress plain}, upstream's format: {@code #3 [name]}, {@code #3 0.412 log line},
 * {@code #3 resolve … done}, {@code #3 WARN: …}, {@code #3 DONE 1.2s}, {@code #3 CACHED},
 * {@code #3 ERROR: …}, a blank line before each new header, and at the end the failed steps' last
 * log lines between {@code ------} rules.
 */
public final class PlainProgress implements ProgressDisplay {
    private final PrintWriter out;
    private final Supplier<Instant> clock;
    private final ProgressTrace trace = new ProgressTrace(0);
    private final PlainPrinter printer;

    public PlainProgress(PrintWriter out) {
        this(out, Instant::now);
    }

    PlainProgress(PrintWriter out, Supplier<Instant> clock) {
        this.out = out;
        this.clock = clock;
        this.printer = new PlainPrinter(out);
    }

    @Override
    public synchronized void update(StatusResponse status) {
        trace.apply(status, clock.get());
        printer.print(trace, clock.get());
        out.flush();
    }

    @Override
    public synchronized void finish() {
        printer.print(trace, clock.get());
        ErrorBox.print(trace, out);
        out.flush();
    }

    @Override
    public synchronized List<FailedStep> failedSteps() {
        return ErrorBox.failedSteps(trace);
    }

    @Override
    public synchronized List<VertexWarning> warnings() {
        return List.copyOf(trace.warnings());
    }
}
