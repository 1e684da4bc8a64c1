package org.jbuildkit.daemon.source.git;

/** A git source that cannot be fetched or checked out: what failed, and how to fix it. */
public final class GitSourceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GitSourceException(String cause, String fix) {
        super(cause + "\nfix: " + fix);
    }

    GitSourceException(String cause, String fix, Throwable underlying) {
        super(cause + "\nfix: " + fix, underlying);
    }
}
