package org.jbuildkit.daemon.worker.snapshot;

import java.io.IOException;

/** A snapshot operation that cannot be done, with what to do about it in the message. */
public class SnapshotException extends IOException {
    public SnapshotException(String message) {
        super(message);
    }

    public SnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
