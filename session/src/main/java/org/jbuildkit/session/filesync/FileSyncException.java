package org.jbuildkit.session.filesync;

import java.io.IOException;

/**
 * A file transfer refused or broken: a peer that breaks the fsutil protocol (order, duplicates,
 * unknown IDs), an entry that would escape the destination, or a file that cannot be written.
 * The message names the path or packet concerned.
 */
public final class FileSyncException extends IOException {

    public FileSyncException(String message) {
        super(message);
    }

    public FileSyncException(String message, Throwable cause) {
        super(message, cause);
    }
}
