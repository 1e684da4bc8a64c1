package org.jbuildkit.daemon.solver;

/** What a running op may use: where to send logs, statuses and warnings, and whether it was cancelled. */
public interface ExecContext {

    /** Streams a chunk of the op's output (1 = stdout, 2 = stderr) to the build's progress. */
    void log(int stream, byte[] data);

    boolean cancelled();

    /** Reports a sub-task (pulling a layer, sending files) on the build's progress. */
    default void status(ProgressStatus status) {
    }

    /** The client sessions of the builds waiting for this op (local files, secrets, SSH, credentials). */
    default SessionGroup sessions() {
        return SessionGroup.NONE;
    }

    /** Reports a warning about this vertex on the build's progress. */
    default void warning(BuildWarning warning) {
    }
}
