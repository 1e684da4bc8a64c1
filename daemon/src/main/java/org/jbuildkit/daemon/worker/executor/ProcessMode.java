package org.jbuildkit.daemon.worker.executor;

/** Whether the container gets its own PID namespace (upstream's {@code oci.ProcessMode}). */
public enum ProcessMode {
    /** Own PID namespace with its own /proc. */
    SANDBOX,
    /**
     * The daemon's PID namespace with the host's /proc bound in, like
     * {@code --oci-worker-no-process-sandbox}: a step can see and signal the daemon's processes.
     */
    NO_SANDBOX
}
