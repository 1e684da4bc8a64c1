package org.jbuildkit.daemon.source.http;

/** An HTTP(S) source that cannot be downloaded or used: what failed, and how to fix it. */
public final class HttpSourceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HttpSourceException(String cause, String fix) {
        super(cause + "\nfix: " + fix);
    }

    HttpSourceException(String cause, String fix, Throwable underlying) {
        super(cause + "\nfix: " + fix, underlying);
    }
}
