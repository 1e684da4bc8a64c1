package org.jbuildkit.daemon.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code [worker.containerd]}: the worker that delegates content, snapshots and execution to a
 * containerd daemon.
 *
 * @param address containerd's socket
 * @param enabled unset = auto (enabled when the socket answers)
 * @param platforms empty = detected at start
 * @param namespace containerd namespace holding buildkit's images and snapshots
 * @param snapshotter containerd snapshotter plugin name
 * @param maxParallelism parallel build steps; 0 = unlimited
 */
public record ContainerdWorkerConfig(
        String address,
        Tristate enabled,
        Map<String, String> labels,
        List<String> platforms,
        String namespace,
        ContainerdRuntime runtime,
        GcConfig gc,
        WorkerNetworkConfig network,
        String snapshotter,
        String apparmorProfile,
        boolean selinux,
        int maxParallelism,
        String defaultCgroupParent,
        boolean rootless) {

    public ContainerdWorkerConfig {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        platforms = List.copyOf(platforms);
    }

    ContainerdWorkerConfig withGc(GcConfig value) {
        return new ContainerdWorkerConfig(address, enabled, labels, platforms, namespace, runtime, value, network,
                snapshotter, apparmorProfile, selinux, maxParallelism, defaultCgroupParent, rootless);
    }

    ContainerdWorkerConfig withRootless(boolean value) {
        return new ContainerdWorkerConfig(address, enabled, labels, platforms, namespace, runtime, gc, network,
                snapshotter, apparmorProfile, selinux, maxParallelism, defaultCgroupParent, value);
    }
}
