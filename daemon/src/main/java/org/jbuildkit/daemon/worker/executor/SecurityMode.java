package org.jbuildkit.daemon.worker.executor;

/** Upstream's {@code pb.SecurityMode}. */
public enum SecurityMode {
    /** Default capabilities, masked and read-only /proc and /sys paths. */
    SANDBOX,
    /**
     * All capabilities, nothing masked, /sys writable. Only for callers that checked the
     * {@code security.insecure} entitlement.
     */
    INSECURE
}
