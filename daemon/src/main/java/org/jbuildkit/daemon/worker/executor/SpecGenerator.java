package org.jbuildkit.daemon.worker.executor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an {@link ExecSpec} into an OCI runtime config the way upstream's {@code oci.GenerateSpec}
 * does on Linux: containerd's default mounts, capabilities and masked paths, BuildKit's changes
 * (no /run, per-exec /etc/hosts and /etc/resolv.conf, writable new privileges), then the mode
 * switches (network, security, process sandbox) and the exec's own mounts.
 */
final class SpecGenerator {
    private static final List<String> MASKED_PATHS = List.of(
            "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
            "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/sys/devices/virtual/powercap",
            "/proc/scsi");
    private static final List<String> READONLY_PATHS = List.of(
            "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");
    private static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** Per-exec files the executor wrote into the bundle and wants bound into the container. */
    record BundleFiles(Path hosts, Path resolvConf, Map<String, Path> secrets) {
    }

    private SpecGenerator() {
    }

    static OciSpec generate(ExecSpec spec, ContainerUser user, List<Ulimit> rlimits, Capabilities caps,
            BundleFiles files, String cgroupsPath) {
        boolean insecure = spec.security() == SecurityMode.INSECURE;
        boolean ownPids = spec.processMode() == ProcessMode.SANDBOX;

        List<String> capList = insecure ? caps.insecure() : caps.sandbox();
        OciSpec.Process process = new OciSpec.Process(false,
                new OciSpec.User(user.uid(), user.gid(), user.additionalGids()),
                spec.args(), env(spec.env()), spec.cwd(),
                new OciSpec.Capabilities(capList, capList, capList),
                rlimits.stream().map(OciSpec.Rlimit::of).toList(),
                false);

        List<OciSpec.Mount> mounts = new ArrayList<>();
        if (ownPids) {
            mounts.add(new OciSpec.Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")));
        } else {
            // "rbind" does not make /proc read-only recursively; masked and read-only paths stay for that.
            mounts.add(new OciSpec.Mount("/proc", "bind", "/proc", List.of("rbind")));
        }
        mounts.add(new OciSpec.Mount("/dev", "tmpfs", "tmpfs",
                List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
        mounts.add(new OciSpec.Mount("/dev/pts", "devpts", "devpts",
                List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")));
        mounts.add(new OciSpec.Mount("/dev/shm", "tmpfs", "shm",
                List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")));
        mounts.add(new OciSpec.Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")));
        String sysAccess = insecure ? "rw" : "ro";
        mounts.add(new OciSpec.Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", sysAccess)));
        mounts.add(new OciSpec.Mount("/sys/fs/cgroup", "cgroup", "cgroup",
                List.of(sysAccess, "nosuid", "noexec", "nodev")));
        mounts.add(roFileBind(files.resolvConf(), "/etc/resolv.conf"));
        mounts.add(roFileBind(files.hosts(), "/etc/hosts"));
        for (ExecMount m : spec.mounts()) {
            mounts.add(toOci(m, files));
        }

        List<OciSpec.Namespace> namespaces = new ArrayList<>();
        if (ownPids) {
            namespaces.add(new OciSpec.Namespace("pid"));
        }
        namespaces.add(new OciSpec.Namespace("ipc"));
        namespaces.add(new OciSpec.Namespace("uts"));
        namespaces.add(new OciSpec.Namespace("mount"));
        if (spec.network() == NetworkMode.NONE) {
            // A new network namespace without a path: runc brings up its loopback interface.
            namespaces.add(new OciSpec.Namespace("network"));
        }

        List<String> masked = insecure ? List.of() : withoutProc(MASKED_PATHS, ownPids);
        List<String> readonly = insecure ? List.of() : withoutProc(READONLY_PATHS, ownPids);
        List<OciSpec.DeviceRule> devices = insecure
                ? List.of(new OciSpec.DeviceRule(true, "c", "rwm"), new OciSpec.DeviceRule(true, "b", "rwm"))
                : List.of(new OciSpec.DeviceRule(false, null, "rwm"));

        return new OciSpec("1.0.2", process, new OciSpec.Root(spec.rootfs().toString(), spec.readonlyRootfs()),
                spec.hostname(), dedup(mounts),
                new OciSpec.Linux(new OciSpec.Resources(devices), cgroupsPath, namespaces, masked, readonly));
    }

    private static OciSpec.Mount toOci(ExecMount m, BundleFiles files) {
        if (m instanceof ExecMount.Bind b) {
            return new OciSpec.Mount(b.destination(), "bind", b.source().toString(),
                    List.of("rbind", b.readonly() ? "ro" : "rw"));
        } else if (m instanceof ExecMount.Tmpfs t) {
            return new OciSpec.Mount(t.destination(), "tmpfs", "tmpfs", tmpfsOptions(t));
        } else if (m instanceof ExecMount.SecretFile s) {
            return roFileBind(files.secrets().get(s.destination()), s.destination());
        }
        throw new IllegalStateException("unknown mount " + m);
    }

    private static List<String> env(List<String> env) {
        if (env.stream().anyMatch(e -> e.startsWith("PATH="))) {
            return env;
        }
        List<String> withPath = new ArrayList<>(env);
        withPath.add(0, DEFAULT_PATH);
        return withPath;
    }

    private static OciSpec.Mount roFileBind(Path source, String destination) {
        return new OciSpec.Mount(destination, "bind", source.toString(),
                List.of("nosuid", "noexec", "nodev", "rbind", "ro"));
    }

    private static List<String> tmpfsOptions(ExecMount.Tmpfs t) {
        List<String> options = new ArrayList<>(List.of("nosuid", "nodev", "mode=1777"));
        if (t.sizeBytes() > 0) {
            options.add("size=" + t.sizeBytes());
        }
        return options;
    }

    /** Without its own PID namespace, /proc is the host's: masking inside it is upstream's choice to skip. */
    private static List<String> withoutProc(List<String> paths, boolean ownPids) {
        return ownPids ? paths : paths.stream().filter(p -> !p.startsWith("/proc/")).toList();
    }

    /** A later mount on the same destination replaces an earlier one, keeping the earlier position. */
    private static List<OciSpec.Mount> dedup(List<OciSpec.Mount> mounts) {
        Map<String, OciSpec.Mount> byDest = new LinkedHashMap<>();
        for (OciSpec.Mount m : mounts) {
            byDest.put(m.destination(), m);
        }
        return new ArrayList<>(byDest.values());
    }
}
