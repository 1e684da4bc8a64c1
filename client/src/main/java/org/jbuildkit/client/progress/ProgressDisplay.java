package org.jbuildkit.client.progress;

import org.jbuildkit.api.control.StatusResponse;

/** Shows a build's progress as it streams in, and the failure summary at the end. */
public interface ProgressDisplay {

    void update(StatusResponse status);

    /** The build ended; {@code error} is the daemon's message when it failed, else null. */
    void finish(String error);
}
