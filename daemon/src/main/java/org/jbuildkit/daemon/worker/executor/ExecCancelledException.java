package org.jbuildkit.daemon.worker.executor;

/** The exec was cancelled; if its container had started, it was killed and removed. */
public final class ExecCancelledException extends ExecutorException {
    private ExecCancelledException(String message) {
        super(message, "");
    }

    static ExecCancelledException killed(String containerId) {
        return new ExecCancelledException("exec " + containerId + " was cancelled; its container was killed and removed");
    }

    static ExecCancelledException beforeStart() {
        return new ExecCancelledException("exec was cancelled before its container started");
    }
}
