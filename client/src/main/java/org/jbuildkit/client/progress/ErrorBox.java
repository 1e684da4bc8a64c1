package org.jbuildkit.client.progress;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's summary of failed steps after the progress: per failed (not cancelled) step, its name
 * and its last log lines between {@code ------} rules. Plain shows the last lines it printed; tty,
 * which never printed them, shows every line it received.
 */
final class ErrorBox {
    private ErrorBox() {
    }

    static void print(ProgressTrace trace, PrintWriter out) {
        for (TracedVertex v : trace.started()) {
            if (v.error().isEmpty() || v.canceled()) {
                continue;
            }
            out.println("------");
            out.printf(" > %s:%n", v.name());
            // Plain's pending partial line is among the lines it printed; tty printed none.
            (v.lastLines.isEmpty() ? v.logs : v.lastLines).forEach(out::println);
            out.println("------");
        }
    }

    static List<ProgressDisplay.FailedStep> failedSteps(ProgressTrace trace) {
        List<ProgressDisplay.FailedStep> failed = new ArrayList<>();
        for (TracedVertex v : trace.started()) {
            if (!v.error().isEmpty() && !v.canceled()) {
                failed.add(new ProgressDisplay.FailedStep(v.digest, v.name(), v.clipped));
            }
        }
        return failed;
    }
}
