package org.jbuildkit.daemon.worker.snapshot;

import java.io.IOException;

/** A layer that could not be unpacked; the message names the layer and, where one is to blame, the entry. */
public class LayerApplyException extends IOException {
    public LayerApplyException(String message) {
        super(message);
    }

    public LayerApplyException(String message, Throwable cause) {
        super(message, cause);
    }
}
