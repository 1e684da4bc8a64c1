package org.jbuildkit.daemon.worker;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jbuildkit.api.pb.Platform;
import org.jbuildkit.api.types.GCPolicy;
import org.jbuildkit.daemon.config.BuildkitdConfig;
import org.jbuildkit.daemon.config.ConfigEnvironment;
import org.jbuildkit.daemon.config.DiskStat;
import org.jbuildkit.daemon.config.GcPolicy;
import org.jbuildkit.daemon.config.OciWorkerConfig;

/**
 * Decides what the OCI worker is on this machine from {@code [worker.oci]}: the runtime binary it
 * will use, the snapshotter ("auto" resolved), its labels, platforms and GC rules in bytes.
 */
public final class OciWorkerSetup {
    private OciWorkerSetup() {
    }

    public static WorkerInfo describe(BuildkitdConfig config, Path root) throws IOException {
        OciWorkerConfig oci = config.workers().oci();
        if (!oci.enabled().orElse(true)) {
            throw new IllegalArgumentException("no worker enabled: the OCI worker is off (--oci-worker=false or"
                    + " [worker.oci] enabled = false) and jbuildkit has no containerd worker; enable the OCI worker");
        }
        runtimeBinary(oci.binary());
        Map<String, String> labels = new TreeMap<>(WorkerInfo.standardLabels(hostname(),
                snapshotter(oci.snapshotter()), !oci.noProcessSandbox(), "host"));
        labels.putAll(oci.labels());
        List<Platform> platforms = oci.platforms().isEmpty()
                ? HostPlatforms.detect()
                : oci.platforms().stream().map(HostPlatforms::parse).toList();
        DiskStat disk = ConfigEnvironment.system().diskStats().stat(root);
        List<GCPolicy> gc = oci.gc().enabled()
                ? oci.gc().policies().stream().map(p -> toProto(p, disk)).toList()
                : List.of();
        return new WorkerInfo(WorkerIdentity.load(root), labels, platforms, gc);
    }

    /** The OCI runtime: the configured binary, else buildkit-runc or runc from PATH. */
    static Path runtimeBinary(String configured) {
        List<String> candidates = configured == null || configured.isEmpty()
                ? List.of("buildkit-runc", "runc")
                : List.of(configured);
        for (String name : candidates) {
            Optional<Path> found = findExecutable(name);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new IllegalArgumentException("no OCI runtime found: looked for " + String.join(" and ", candidates)
                + " on PATH; install runc (apt-get install runc) or name one with --oci-worker-binary");
    }

    private static Optional<Path> findExecutable(String name) {
        if (name.contains("/")) {
            Path path = Path.of(name);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String pathVar = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
        for (String dir : pathVar.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** "auto" is overlayfs when the kernel offers it, native otherwise; others are refused by name. */
    static String snapshotter(String configured) throws IOException {
        if (configured != null && !configured.isEmpty() && !configured.equals("auto")) {
            if (!configured.equals("overlayfs") && !configured.equals("native")) {
                throw new IllegalArgumentException("snapshotter '" + configured + "' is not supported by jbuildkit's"
                        + " OCI worker: use overlayfs, native or auto (--oci-worker-snapshotter /"
                        + " [worker.oci] snapshotter)");
            }
            return configured;
        }
        Path filesystems = Path.of("/proc/filesystems");
        boolean overlay = Files.isReadable(filesystems)
                && Files.readAllLines(filesystems).stream().anyMatch(l -> l.trim().endsWith("overlay"));
        return overlay ? "overlayfs" : "native";
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
        }
    }

    private static GCPolicy toProto(GcPolicy policy, DiskStat disk) {
        return GCPolicy.newBuilder()
                .setAll(policy.all())
                .addAllFilters(policy.filters())
                .setKeepDuration(policy.keepDuration().toNanos())
                .setReservedSpace(policy.reservedSpace().asBytes(disk))
                .setMaxUsedSpace(policy.maxUsedSpace().asBytes(disk))
                .setMinFreeSpace(policy.minFreeSpace().asBytes(disk))
                .build();
    }
}
