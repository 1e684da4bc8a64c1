package org.jbuildkit.daemon.worker.snapshot;

import java.io.FilterInputStream;
import java.io.InputStream;

/** Leaves the wrapped stream open when closed, so it can still be drained. */
final class NonClosingInputStream extends FilterInputStream {
    NonClosingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public void close() {
    }
}
