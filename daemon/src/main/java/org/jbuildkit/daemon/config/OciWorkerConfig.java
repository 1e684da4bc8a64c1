package org.jbuildkit.daemon.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code [worker.oci]}: the worker that runs build steps with an OCI runtime (runc) on local
 * snapshots.
 *
 * @param enabled unset = auto (enabled when the runtime binary is found)
 * @param platforms platforms the worker builds for; empty = detected at start
 * @param snapshotter auto, overlayfs, native, fuse-overlayfs or stargz (any name with a proxy snapshotter)
 * @param noProcessSandbox run steps in the daemon's PID namespace
 * @param binary OCI runtime binary; empty = buildkit-runc or runc
 * @param maxParallelism parallel build steps; 0 = unlimited
 * @param stargzSnapshotter stargz snapshotter settings, passed through (plain Java values)
 */
public record OciWorkerConfig(
        Tristate enabled,
        Map<String, String> labels,
        List<String> platforms,
        String snapshotter,
        boolean rootless,
        boolean noProcessSandbox,
        GcConfig gc,
        WorkerNetworkConfig network,
        String userRemapUnsupported,
        String binary,
        String proxySnapshotterPath,
        String defaultCgroupParent,
        Map<String, Object> stargzSnapshotter,
        String apparmorProfile,
        boolean selinux,
        int maxParallelism) {

    /** Snapshotters upstream's OCI worker knows (without a proxy snapshotter). */
    public static final List<String> SNAPSHOTTERS = List.of("auto", "overlayfs", "native", "fuse-overlayfs", "stargz");

    public OciWorkerConfig {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        platforms = List.copyOf(platforms);
        stargzSnapshotter = Collections.unmodifiableMap(new LinkedHashMap<>(stargzSnapshotter));
    }

    OciWorkerConfig withEnabled(Tristate value) {
        return new OciWorkerConfig(value, labels, platforms, snapshotter, rootless, noProcessSandbox, gc, network,
                userRemapUnsupported, binary, proxySnapshotterPath, defaultCgroupParent, stargzSnapshotter,
                apparmorProfile, selinux, maxParallelism);
    }

    OciWorkerConfig withPlatforms(List<String> value) {
        return new OciWorkerConfig(enabled, labels, value, snapshotter, rootless, noProcessSandbox, gc, network,
                userRemapUnsupported, binary, proxySnapshotterPath, defaultCgroupParent, stargzSnapshotter,
                apparmorProfile, selinux, maxParallelism);
    }

    OciWorkerConfig withSnapshotter(String value) {
        return new OciWorkerConfig(enabled, labels, platforms, value, rootless, noProcessSandbox, gc, network,
                userRemapUnsupported, binary, proxySnapshotterPath, defaultCgroupParent, stargzSnapshotter,
                apparmorProfile, selinux, maxParallelism);
    }

    OciWorkerConfig withRootless(boolean value) {
        return new OciWorkerConfig(enabled, labels, platforms, snapshotter, value, noProcessSandbox, gc, network,
                userRemapUnsupported, binary, proxySnapshotterPath, defaultCgroupParent, stargzSnapshotter,
                apparmorProfile, selinux, maxParallelism);
    }

    OciWorkerConfig withNoProcessSandbox(boolean value) {
        return new OciWorkerConfig(enabled, labels, platforms, snapshotter, rootless, value, gc, network,
                userRemapUnsupported, binary, proxySnapshotterPath, defaultCgroupParent, stargzSnapshotter,
                apparmorProfile, selinux, maxParallelism);
    }

    OciWorkerConfig withGc(GcConfig value) {
        return new OciWorkerConfig(enabled, labels, platforms, snapshotter, rootless, noProcessSandbox, value, network,
                userRemapUnsupported, binary, proxySnapshotterPath, defaultCgroupParent, stargzSnapshotter,
                apparmorProfile, selinux, maxParallelism);
    }

    OciWorkerConfig withBinary(String value) {
        return new OciWorkerConfig(enabled, labels, platforms, snapshotter, rootless, noProcessSandbox, gc, network,
                userRemapUnsupported, value, proxySnapshotterPath, defaultCgroupParent, stargzSnapshotter,
                apparmorProfile, selinux, maxParallelism);
    }
}
