package org.jbuildkit.daemon.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Upstream's defaults, which depend on whether the daemon runs rootless: the config path
 * ({@code /etc/buildkit/buildkitd.toml} or {@code ~/.config/buildkit/buildkitd.toml}), the root
 * ({@code /var/lib/buildkit} or {@code ~/.local/share/buildkit}) and the socket
 * ({@code /run/buildkit/buildkitd.sock} or {@code $XDG_RUNTIME_DIR/buildkit/buildkitd.sock}).
 * GC limits are not here: they depend on the disk under the final root ({@link GcDefaults}).
 */
public final class ConfigDefaults {

    static final Path SYSTEM_CONFIG_DIR = Path.of("/etc/buildkit");
    static final Path SYSTEM_ROOT = Path.of("/var/lib/buildkit");
    static final String SYSTEM_ADDRESS = "unix:///run/buildkit/buildkitd.sock";
    static final Path SYSTEM_OTEL_SOCKET = Path.of("/run/buildkit/otel-grpc.sock");
    static final List<Path> CDI_SPEC_DIRS = List.of(Path.of("/etc/cdi"), Path.of("/var/run/cdi"), Path.of("/etc/buildkit/cdi"));
    static final List<String> ENTITLEMENTS = List.of("network.host", "security.insecure", "device");
    static final String CONTAINERD_ADDRESS = "/run/containerd/containerd.sock";
    static final String CONTAINERD_NAMESPACE = "buildkit";
    static final String CONTAINERD_RUNTIME = "io.containerd.runc.v2";
    static final String CONTAINERD_SNAPSHOTTER = "overlayfs";

    private ConfigDefaults() {
    }

    /** Where the daemon looks for its config file when {@code --config} is not given. */
    public static Path configPath(ConfigEnvironment env) {
        return (env.rootless() ? userConfigDir(env) : SYSTEM_CONFIG_DIR).resolve("buildkitd.toml");
    }

    /** Default state directory. */
    public static Path root(ConfigEnvironment env) {
        if (!env.rootless()) {
            return SYSTEM_ROOT;
        }
        return env.variable("XDG_DATA_HOME").map(d -> Path.of(firstOf(d), "buildkit"))
                .or(() -> env.variable("HOME").map(h -> Path.of(h, ".local", "share", "buildkit")))
                .orElse(SYSTEM_ROOT);
    }

    /** Default listen address. */
    public static String address(ConfigEnvironment env) {
        if (!env.rootless()) {
            return SYSTEM_ADDRESS;
        }
        return env.variable("XDG_RUNTIME_DIR")
                .map(d -> "unix://" + Path.of(firstOf(d), "buildkit", "buildkitd.sock"))
                .orElse(SYSTEM_ADDRESS);
    }

    static Path userConfigDir(ConfigEnvironment env) {
        return env.variable("XDG_CONFIG_HOME").map(d -> Path.of(d, "buildkit"))
                .or(() -> env.variable("HOME").map(h -> Path.of(h, ".config", "buildkit")))
                .orElse(SYSTEM_CONFIG_DIR);
    }

    static Path otelSocket(ConfigEnvironment env) {
        if (env.rootless()) {
            return env.variable("XDG_RUNTIME_DIR").map(d -> Path.of(firstOf(d), "buildkit", "otel-grpc.sock"))
                    .orElse(SYSTEM_OTEL_SOCKET);
        }
        return SYSTEM_OTEL_SOCKET;
    }

    static WorkerNetworkConfig network(ConfigEnvironment env) {
        Path cniConfig = env.rootless() ? userConfigDir(env).resolve("cni.json") : SYSTEM_CONFIG_DIR.resolve("cni.json");
        return new WorkerNetworkConfig("auto", cniConfig.toString(), "/opt/cni/bin", 0, "buildkit0", "10.10.0.0/16");
    }

    /** GC with nothing configured: enabled, limits and rules still to be derived from the disk. */
    static GcConfig gc() {
        return new GcConfig(true, DiskSpace.NONE, DiskSpace.NONE, DiskSpace.NONE, List.of());
    }

    /** Every default, before the config file and flags. */
    static BuildkitdConfig config(ConfigEnvironment env) {
        OciWorkerConfig oci = new OciWorkerConfig(Tristate.UNSET, Map.of(), List.of(), "auto", false, false, gc(),
                network(env), "", "", "", "", Map.of(), "", false, 0);
        ContainerdWorkerConfig containerd = new ContainerdWorkerConfig(CONTAINERD_ADDRESS, Tristate.UNSET, Map.of(),
                List.of(), CONTAINERD_NAMESPACE, new ContainerdRuntime(CONTAINERD_RUNTIME, "", Map.of()), gc(),
                network(env), CONTAINERD_SNAPSHOTTER, "", false, 0, "", false);
        return new BuildkitdConfig(
                root(env),
                false,
                false,
                List.of(),
                false,
                SYSTEM_CONFIG_DIR.resolve("provenance.d"),
                new LogConfig(LogConfig.Format.TEXT, LogConfig.Level.INFO),
                new DnsConfig(List.of(), List.of(), List.of()),
                new GrpcConfig(List.of(address(env)), "", env.uid(), env.gid(), "", GrpcTlsConfig.NONE),
                new OtelConfig(otelSocket(env)),
                new CdiConfig(false, CDI_SPEC_DIRS, List.of()),
                new HistoryConfig(Duration.ofHours(48), 50),
                new WorkersConfig(oci, containerd),
                Map.of(),
                new FrontendsConfig(new DockerfileFrontendConfig(true), new GatewayFrontendConfig(true, List.of())),
                new SystemConfig(Duration.ofSeconds(20), 4),
                new GhaCacheConfig(List.of(), false, 0, 0, Map.of()));
    }

    /** Upstream splits XDG_* directory lists on ':' and uses the first entry. */
    private static String firstOf(String directories) {
        int colon = directories.indexOf(':');
        return colon < 0 ? directories : directories.substring(0, colon);
    }
}
