package org.jbuildkit.daemon.worker.executor;

/** Upstream's {@code pb.NetMode} as far as this worker supports it. */
public enum NetworkMode {
    /** Share the daemon's network namespace (BuildKit's default for the OCI worker). */
    HOST,
    /** A fresh network namespace with only the loopback interface. */
    NONE
}
