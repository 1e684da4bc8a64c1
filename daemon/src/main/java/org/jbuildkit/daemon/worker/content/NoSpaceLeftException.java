package org.jbuildkit.daemon.worker.content;

import java.io.IOException;
import java.nio.file.Path;

/** The file system under the daemon root is full; the partial write was removed. */
public final class NoSpaceLeftException extends IOException {
    private final transient Path path;

    public NoSpaceLeftException(Path path, String what, IOException cause) {
        super("disk full: no space left on device while writing " + path + " (" + what + "); the partial file was"
                + " removed\nfix: free space on the file system holding " + path.getParent()
                + " (e.g. buildctl prune) or move the daemon root", cause);
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** Whether an I/O error from the OS means the disk or a quota is full (ENOSPC, EDQUOT). */
    static boolean isDiskFull(IOException e) {
        String m = e.getMessage();
        return m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"));
    }
}
