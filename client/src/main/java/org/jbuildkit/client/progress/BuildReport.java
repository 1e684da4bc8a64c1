package org.jbuildkit.client.progress;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import org.jbuildkit.api.control.VertexWarning;
import org.jbuildkit.api.errdefs.Source;
import org.jbuildkit.client.failure.SolveFailure;
import org.jbuildkit.client.failure.SourceExcerpt;
import org.jbuildkit.client.failure.WholeStepLog;

/**
 * What buildctl prints when a build ends, after the progress: the display's final state (and, on
 * failure, its box of the failed steps' last lines), the whole log of the failed step when the
 * stream clipped it, the warnings, then the source lines the error points at and upstream's
 * {@code error: failed to solve: …} line.
 */
public final class BuildReport {
    private final ProgressDisplay display;
    private final PrintWriter err;

    public BuildReport(ProgressDisplay display, PrintWriter err) {
        this.display = display;
        this.err = err;
    }

    public void succeeded() {
        display.finish();
        warnings();
        err.flush();
    }

    public void failed(SolveFailure failure, WholeStepLog wholeLogs) {
        display.finish();
        failedStep(failure).filter(ProgressDisplay.FailedStep::clipped)
                .ifPresent(step -> wholeLogs.print(step.digest(), step.name(), err));
        warnings();
        for (Source source : failure.sources()) {
            SourceExcerpt.print(source, err);
        }
        err.println("error: failed to solve: " + failure.describe());
        err.flush();
    }

    /** The step the daemon names as failing, else the first failed step the display saw. */
    private Optional<ProgressDisplay.FailedStep> failedStep(SolveFailure failure) {
        List<ProgressDisplay.FailedStep> failed = display.failedSteps();
        Optional<String> named = failure.vertex();
        if (named.isPresent()) {
            Optional<ProgressDisplay.FailedStep> match = failed.stream()
                    .filter(s -> s.digest().equals(named.get())).findFirst();
            if (match.isPresent()) {
                return match;
            }
        }
        return failed.stream().findFirst();
    }

    /** Each warning once more at the end, with its detail lines, link and source lines. */
    private void warnings() {
        List<VertexWarning> warnings = display.warnings();
        if (warnings.isEmpty()) {
            return;
        }
        err.println();
        for (VertexWarning w : warnings) {
            err.println("WARNING: " + w.getShort().toStringUtf8());
            w.getDetailList().forEach(d -> err.println(d.toStringUtf8()));
            if (!w.getUrl().isEmpty()) {
                err.println("More info: " + w.getUrl());
            }
            if (w.hasInfo() && w.getRangesCount() > 0) {
                SourceExcerpt.print(Source.newBuilder().setInfo(w.getInfo()).addAllRanges(w.getRangesList()).build(),
                        err);
            }
        }
    }
}
