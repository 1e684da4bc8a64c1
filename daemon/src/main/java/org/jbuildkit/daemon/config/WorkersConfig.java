package org.jbuildkit.daemon.config;

/** {@code [worker.*]}: the two worker kinds upstream offers. */
public record WorkersConfig(OciWorkerConfig oci, ContainerdWorkerConfig containerd) {
}
