package org.jbuildkit.daemon.exporter;

/** An output that cannot be produced as asked: the message says what is wrong and what to do instead. */
public final class ExporterException extends Exception {

    public ExporterException(String message) {
        super(message);
    }

    /** The same, keeping the failure that caused it (a registry's answer, an I/O error) for the logs. */
    public ExporterException(String message, Throwable cause) {
        super(message, cause);
    }
}
