package org.jbuildkit.client.progress;

import java.util.List;
import org.jbuildkit.api.control.StatusResponse;
import org.jbuildkit.api.control.VertexWarning;

/** Shows a build's progress as it streams in, then its final state. */
public interface ProgressDisplay {

    void update(StatusResponse status);

    /**
     * The status stream ended: shows the final state and, for every step that failed, upstream's
     * box with its last log lines.
     */
    void finish();

    /** The steps that failed as this display showed them (empty for displays that show no steps). */
    default List<FailedStep> failedSteps() {
        return List.of();
    }

    /** The warnings to list at the end (empty for displays that print none). */
    default List<VertexWarning> warnings() {
        return List.of();
    }

    /** A step that ended in an error; {@code clipped} when the daemon clipped its log on the stream. */
    record FailedStep(String digest, String name, boolean clipped) {
    }
}
