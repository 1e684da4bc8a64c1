package org.jbuildkit.daemon.worker.executor;

/** The exec was cancelled and its container killed and removed. */
public final class ExecCancelledException extends ExecutorException {
    public ExecCancelledException(String containerId) {
        super("exec " + containerId + " was cancelled; its container was killed", "");
    }
}
