package org.jbuildkit.daemon.ops;

import java.io.IOException;

/** A file op action that cannot be done, with what went wrong and how to fix it. */
final class FileOpException extends IOException {
    FileOpException(String cause, String fix) {
        super(cause + "; " + fix);
    }
}
