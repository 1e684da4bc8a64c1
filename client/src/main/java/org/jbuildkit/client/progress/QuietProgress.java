package org.jbuildkit.client.progress;

import org.jbuildkit.api.control.StatusResponse;

/** {@code --progress quiet}: shows nothing; errors are still printed by the build command. */
final class QuietProgress implements ProgressDisplay {
    @Override
    public void update(StatusResponse status) {
    }

    @Override
    public void finish() {
    }
}
