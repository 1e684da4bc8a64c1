package org.jbuildkit.daemon.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads {@code [worker.oci]} and {@code [worker.containerd]}, GC rules included. */
final class WorkerSectionParser {

    private static final List<String> NETWORK_MODES = List.of("auto", "host", "cni", "bridge");

    private final WorkersConfig defaults;

    WorkerSectionParser(WorkersConfig defaults) {
        this.defaults = defaults;
    }

    WorkersConfig read(TomlSection worker) {
        return new WorkersConfig(readOci(worker.section("oci")), readContainerd(worker.section("containerd")));
    }

    private OciWorkerConfig readOci(TomlSection s) {
        OciWorkerConfig d = defaults.oci();
        String proxySnapshotterPath = s.string("proxySnapshotterPath").orElse(d.proxySnapshotterPath());
        String snapshotter = s.string("snapshotter").filter(v -> !v.isEmpty()).orElse(d.snapshotter());
        if (proxySnapshotterPath.isEmpty()) {
            checkSnapshotter(snapshotter).ifPresent(problem -> {
                throw s.invalid("snapshotter", problem, "write snapshotter = \"auto\" (or "
                        + String.join(", ", OciWorkerConfig.SNAPSHOTTERS.subList(1, OciWorkerConfig.SNAPSHOTTERS.size()))
                        + "), or set proxySnapshotterPath for an external snapshotter");
            });
        }
        return new OciWorkerConfig(
                s.tristate("enabled"),
                s.stringMap("labels").orElse(d.labels()),
                s.strings("platforms").orElse(d.platforms()),
                snapshotter,
                s.bool("rootless").orElse(d.rootless()),
                s.bool("noProcessSandbox").orElse(d.noProcessSandbox()),
                readGc(s, d.gc()),
                readNetwork(s, d.network()),
                s.string("userRemapUnsupported").orElse(d.userRemapUnsupported()),
                s.string("binary").orElse(d.binary()),
                proxySnapshotterPath,
                s.string("defaultCgroupParent").orElse(d.defaultCgroupParent()),
                s.plainTable("stargzSnapshotter").orElse(d.stargzSnapshotter()),
                s.string("apparmor-profile").orElse(d.apparmorProfile()),
                s.bool("selinux").orElse(d.selinux()),
                s.count("max-parallelism").orElse(d.maxParallelism()));
    }

    private ContainerdWorkerConfig readContainerd(TomlSection s) {
        ContainerdWorkerConfig d = defaults.containerd();
        TomlSection runtime = s.section("runtime");
        ContainerdRuntime runtimeConfig = new ContainerdRuntime(
                runtime.string("name").filter(v -> !v.isEmpty()).orElse(d.runtime().name()),
                runtime.string("path").orElse(d.runtime().path()),
                runtime.plainTable("options").orElse(d.runtime().options()));
        return new ContainerdWorkerConfig(
                s.string("address").filter(v -> !v.isEmpty()).orElse(d.address()),
                s.tristate("enabled"),
                s.stringMap("labels").orElse(d.labels()),
                s.strings("platforms").orElse(d.platforms()),
                s.string("namespace").filter(v -> !v.isEmpty()).orElse(d.namespace()),
                runtimeConfig,
                readGc(s, d.gc()),
                readNetwork(s, d.network()),
                s.string("snapshotter").filter(v -> !v.isEmpty()).orElse(d.snapshotter()),
                s.string("apparmor-profile").orElse(d.apparmorProfile()),
                s.bool("selinux").orElse(d.selinux()),
                s.count("max-parallelism").orElse(d.maxParallelism()),
                s.string("defaultCgroupParent").orElse(d.defaultCgroupParent()),
                s.bool("rootless").orElse(d.rootless()));
    }

    /** Upstream's OCI worker fails at start on any other name; say so while the line is known. */
    static Optional<String> checkSnapshotter(String name) {
        if (OciWorkerConfig.SNAPSHOTTERS.contains(name)) {
            return Optional.empty();
        }
        return Optional.of("unknown snapshotter " + TomlText.quote(name) + "; expected one of "
                + String.join(", ", OciWorkerConfig.SNAPSHOTTERS)
                + KeySuggestions.closest(name, OciWorkerConfig.SNAPSHOTTERS).map(k -> " (did you mean " + k + "?)").orElse(""));
    }

    private GcConfig readGc(TomlSection s, GcConfig d) {
        ConfigReadContext ctx = s.context();
        Optional<DiskSpace> keepStorage = s.diskSpace("gckeepstorage");
        keepStorage.ifPresent(v -> s.warn("gckeepstorage", "gckeepstorage is deprecated; use reservedSpace "
                + "(and maxUsedSpace, minFreeSpace)"));
        DiskSpace reserved = s.diskSpace("reservedSpace").orElse(d.reservedSpace());
        DiskSpace maxUsed = s.diskSpace("maxUsedSpace").orElse(d.maxUsedSpace());
        DiskSpace minFree = s.diskSpace("minFreeSpace").orElse(d.minFreeSpace());
        if (reserved.isUnset() && maxUsed.isUnset() && minFree.isUnset() && keepStorage.isPresent()) {
            reserved = keepStorage.get();
            ctx.recordSameAs(s.keyPath("reservedSpace"), s.keyPath("gckeepstorage"));
        }
        List<GcPolicy> policies = s.sectionArray("gcpolicy").stream().map(this::readPolicy).toList();
        return new GcConfig(s.bool("gc").orElse(d.enabled()), reserved, maxUsed, minFree, policies);
    }

    private GcPolicy readPolicy(TomlSection p) {
        Optional<DiskSpace> keepBytes = p.diskSpace("keepBytes");
        keepBytes.ifPresent(v -> p.warn("keepBytes", "keepBytes is deprecated; use reservedSpace"));
        DiskSpace reserved = p.diskSpace("reservedSpace").orElse(DiskSpace.NONE);
        if (reserved.isUnset() && keepBytes.isPresent()) {
            reserved = keepBytes.get();
            p.context().recordSameAs(p.keyPath("reservedSpace"), p.keyPath("keepBytes"));
        }
        return new GcPolicy(
                p.bool("all").orElse(false),
                p.strings("filters").orElse(List.of()),
                p.duration("keepDuration").orElse(Duration.ZERO),
                reserved,
                p.diskSpace("maxUsedSpace").orElse(DiskSpace.NONE),
                p.diskSpace("minFreeSpace").orElse(DiskSpace.NONE));
    }

    private WorkerNetworkConfig readNetwork(TomlSection s, WorkerNetworkConfig d) {
        String mode = s.string("networkMode").filter(v -> !v.isEmpty()).orElse(d.mode());
        if (!NETWORK_MODES.contains(mode)) {
            throw s.invalid("networkMode", "invalid network mode " + TomlText.quote(mode) + "; expected one of "
                    + String.join(", ", NETWORK_MODES), "write networkMode = \"auto\" (or host, cni, bridge)");
        }
        return new WorkerNetworkConfig(
                mode,
                s.string("cniConfigPath").filter(v -> !v.isEmpty()).orElse(d.cniConfigPath()),
                s.string("cniBinaryPath").filter(v -> !v.isEmpty()).orElse(d.cniBinaryPath()),
                s.count("cniPoolSize").orElse(d.cniPoolSize()),
                s.string("bridgeName").filter(v -> !v.isEmpty()).orElse(d.bridgeName()),
                s.string("bridgeSubnet").filter(v -> !v.isEmpty()).orElse(d.bridgeSubnet()));
    }
}
