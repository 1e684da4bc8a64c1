package org.jbuildkit.daemon.worker.executor;

/**
 * An exec could not be set up or started (as opposed to a process that ran and failed). The
 * message says what went wrong; {@link #fix()} says what to do about it.
 */
public class ExecutorException extends Exception {
    private final String fix;

    public ExecutorException(String message, String fix) {
        this(message, fix, null);
    }

    public ExecutorException(String message, String fix, Throwable cause) {
        super(message + (fix.isEmpty() ? "" : " → " + fix), cause);
        this.fix = fix;
    }

    public String fix() {
        return fix;
    }
}
