package org.jbuildkit.daemon.config;

import org.jbuildkit.api.GoDuration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders an {@link EffectiveConfig} as TOML in upstream's layout, each value followed by a
 * comment naming its source ({@code root = "/var/lib/buildkit"  # default}). Unset tri-state
 * values are shown as comments, so the output stays valid TOML.
 */
final class ConfigPrinter {

    private final EffectiveConfig effective;
    private final Provenance provenance;
    private final StringBuilder out = new StringBuilder();
    private String table = "";

    ConfigPrinter(EffectiveConfig effective) {
        this.effective = effective;
        this.provenance = effective.provenance();
    }

    String print() {
        BuildkitdConfig c = effective.config();
        ConfigFileSource file = effective.configFile();
        out.append("# buildkitd configuration in effect: defaults < ")
                .append(file.read() ? file.path() : "(no config file at " + file.path() + ")")
                .append(" < flags\n");
        value("root", path(c.root()));
        value("debug", c.debug());
        value("trace", c.trace());
        value("insecure-entitlements", strings(c.insecureEntitlements()));
        value("proxyNetwork", c.proxyNetwork());
        value("provenanceEnvDir", path(c.provenanceEnvDir()));

        table("log");
        value("format", str(c.log().format().tomlName()));
        value("level", str(c.log().level().tomlName()));

        table("dns");
        value("nameservers", strings(c.dns().nameservers()));
        value("options", strings(c.dns().options()));
        value("searchDomains", strings(c.dns().searchDomains()));

        GrpcConfig grpc = c.grpc();
        table("grpc");
        value("address", strings(grpc.addresses()));
        value("debugAddress", str(grpc.debugAddress()));
        value("uid", grpc.uid());
        value("gid", grpc.gid());
        table("grpc.tls");
        value("cert", str(grpc.tls().cert()));
        value("key", str(grpc.tls().key()));
        value("ca", str(grpc.tls().ca()));

        table("otel");
        value("socketPath", path(c.otel().socketPath()));

        table("cdi");
        value("disabled", c.cdi().disabled());
        value("specDirs", paths(c.cdi().specDirs()));
        value("autoAllowed", strings(c.cdi().autoAllowed()));

        table("history");
        value("maxAge", duration(c.history().maxAge()));
        value("maxEntries", c.history().maxEntries());

        printOci(c.workers().oci());
        printContainerd(c.workers().containerd());
        for (Map.Entry<String, RegistryConfig> registry : c.registries().entrySet()) {
            printRegistry(registry.getKey(), registry.getValue());
        }

        table("frontend.\"dockerfile.v0\"");
        value("enabled", c.frontends().dockerfile().enabled());
        table("frontend.\"gateway.v0\"");
        value("enabled", c.frontends().gateway().enabled());
        value("allowedRepositories", strings(c.frontends().gateway().allowedRepositories()));

        table("system");
        value("platformsCacheMaxAge", duration(c.system().platformsCacheMaxAge()));
        value("maxRegistryConcurrency", c.system().maxRegistryConcurrency());

        GhaCacheConfig gha = c.ghaCache();
        table("cache.gha.sign");
        value("command", strings(gha.signCommand()));
        table("cache.gha.verify");
        value("required", gha.verifyRequired());
        table("cache.gha.verify.policy");
        value("timestampThreshold", gha.timestampThreshold());
        value("tlogThreshold", gha.tlogThreshold());
        for (Map.Entry<String, String> property : gha.certificate().entrySet()) {
            value(property.getKey(), str(property.getValue()));
        }
        return out.toString();
    }

    private void printOci(OciWorkerConfig oci) {
        table("worker.oci");
        tristate("enabled", oci.enabled(), "auto: enabled when the OCI runtime is found");
        value("platforms", strings(oci.platforms()), oci.platforms().isEmpty() ? "empty: detected at start" : "");
        value("snapshotter", str(oci.snapshotter()));
        value("rootless", oci.rootless());
        value("noProcessSandbox", oci.noProcessSandbox());
        printGcLimits(oci.gc());
        value("binary", str(oci.binary()), oci.binary().isEmpty() ? "empty: buildkit-runc or runc" : "");
        value("apparmor-profile", str(oci.apparmorProfile()));
        value("selinux", oci.selinux());
        value("max-parallelism", oci.maxParallelism(), oci.maxParallelism() == 0 ? "0: unlimited" : "");
        printNetwork(oci.network());
        value("userRemapUnsupported", str(oci.userRemapUnsupported()));
        value("proxySnapshotterPath", str(oci.proxySnapshotterPath()));
        value("defaultCgroupParent", str(oci.defaultCgroupParent()));
        value("labels", inline(oci.labels()));
        value("stargzSnapshotter", inline(oci.stargzSnapshotter()));
        printPolicies("worker.oci", oci.gc().policies());
    }

    private void printContainerd(ContainerdWorkerConfig containerd) {
        table("worker.containerd");
        value("address", str(containerd.address()));
        tristate("enabled", containerd.enabled(), "auto: enabled when containerd answers");
        value("platforms", strings(containerd.platforms()), containerd.platforms().isEmpty() ? "empty: detected at start" : "");
        value("namespace", str(containerd.namespace()));
        value("snapshotter", str(containerd.snapshotter()));
        value("rootless", containerd.rootless());
        printGcLimits(containerd.gc());
        value("apparmor-profile", str(containerd.apparmorProfile()));
        value("selinux", containerd.selinux());
        value("max-parallelism", containerd.maxParallelism(), containerd.maxParallelism() == 0 ? "0: unlimited" : "");
        printNetwork(containerd.network());
        value("defaultCgroupParent", str(containerd.defaultCgroupParent()));
        value("labels", inline(containerd.labels()));
        table("worker.containerd.runtime");
        value("name", str(containerd.runtime().name()));
        value("path", str(containerd.runtime().path()));
        value("options", inline(containerd.runtime().options()));
        printPolicies("worker.containerd", containerd.gc().policies());
    }

    private void printGcLimits(GcConfig gc) {
        value("gc", gc.enabled());
        value("reservedSpace", space(gc.reservedSpace()), bytesNote(gc.reservedSpace()));
        value("maxUsedSpace", space(gc.maxUsedSpace()), bytesNote(gc.maxUsedSpace()));
        value("minFreeSpace", space(gc.minFreeSpace()), bytesNote(gc.minFreeSpace()));
    }

    private void printNetwork(WorkerNetworkConfig network) {
        value("networkMode", str(network.mode()));
        value("cniConfigPath", str(network.cniConfigPath()));
        value("cniBinaryPath", str(network.cniBinaryPath()));
        value("cniPoolSize", network.cniPoolSize());
        value("bridgeName", str(network.bridgeName()));
        value("bridgeSubnet", str(network.bridgeSubnet()));
    }

    private void printPolicies(String worker, List<GcPolicy> policies) {
        ValueSource all = provenance.sourceOf(worker + ".gcpolicy");
        for (int i = 0; i < policies.size(); i++) {
            GcPolicy policy = policies.get(i);
            String path = worker + ".gcpolicy[" + i + "]";
            ValueSource header = provenance.entries().containsKey(path) ? provenance.sourceOf(path) : all;
            out.append("\n[[").append(worker).append(".gcpolicy]]  # ").append(header.describe()).append('\n');
            table = path;
            value("all", policy.all());
            value("filters", strings(policy.filters()));
            value("keepDuration", duration(policy.keepDuration()));
            value("reservedSpace", space(policy.reservedSpace()), bytesNote(policy.reservedSpace()));
            value("maxUsedSpace", space(policy.maxUsedSpace()), bytesNote(policy.maxUsedSpace()));
            value("minFreeSpace", space(policy.minFreeSpace()), bytesNote(policy.minFreeSpace()));
        }
    }

    private void printRegistry(String host, RegistryConfig registry) {
        String name = "registry." + TomlText.quoteIfNeeded(host);
        table(name);
        value("mirrors", strings(registry.mirrors()));
        tristate("http", registry.http(), RegistryTransport.isLoopback(host)
                ? "unset: plain HTTP, as for every loopback host" : "unset: HTTPS");
        tristate("insecure", registry.insecure(), "unset: certificates are verified");
        value("ca", paths(registry.ca()));
        value("tlsconfigdir", paths(registry.tlsConfigDirs()));
        for (int i = 0; i < registry.keypairs().size(); i++) {
            TlsKeyPair pair = registry.keypairs().get(i);
            String path = table + ".keypair[" + i + "]";
            out.append("\n  [[").append(name).append(".keypair]]  # ").append(provenance.sourceOf(path).describe()).append('\n');
            out.append("    key = ").append(path(pair.key())).append('\n');
            out.append("    cert = ").append(path(pair.cert())).append('\n');
        }
    }

    private void table(String name) {
        table = name;
        ValueSource header = provenance.entries().get(name);
        out.append("\n[").append(name).append(']');
        if (header != null) {
            out.append("  # ").append(header.describe());
        }
        out.append('\n');
    }

    private void tristate(String key, Tristate value, String unsetMeaning) {
        if (value.isSet()) {
            value(key, value.orElse(false));
        } else {
            out.append(indent()).append("# ").append(key).append(" = (").append(unsetMeaning).append(")  # ")
                    .append(source(key).describe()).append('\n');
        }
    }

    private void value(String key, Object rendered) {
        value(key, rendered, "");
    }

    private void value(String key, Object rendered, String note) {
        out.append(indent()).append(TomlText.quoteIfNeeded(key)).append(" = ").append(rendered).append("  # ")
                .append(source(key).describe());
        if (!note.isEmpty()) {
            out.append(" (").append(note).append(')');
        }
        out.append('\n');
    }

    private ValueSource source(String key) {
        String path = table.isEmpty() ? TomlText.quoteIfNeeded(key) : table + "." + TomlText.quoteIfNeeded(key);
        return provenance.sourceOf(path);
    }

    private String indent() {
        return table.isEmpty() ? "" : "  ";
    }

    private static String str(String s) {
        return TomlText.quote(s);
    }

    private static String path(Path p) {
        return TomlText.quote(p.toString());
    }

    private static String strings(List<String> values) {
        return values.stream().map(TomlText::quote).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String paths(List<Path> values) {
        return strings(values.stream().map(Path::toString).toList());
    }

    private static String duration(Duration d) {
        return TomlText.quote(GoDuration.format(d));
    }

    private static String space(DiskSpace space) {
        return space.toToml();
    }

    private static String bytesNote(DiskSpace space) {
        return space.bytes() > 0 ? DiskSpace.humanSize(space.bytes()) : "";
    }

    private static String inline(Map<String, ?> map) {
        return map.entrySet().stream()
                .map(e -> TomlText.quoteIfNeeded(e.getKey()) + " = " + plain(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String plain(Object value) {
        if (value instanceof String s) {
            return TomlText.quote(s);
        }
        if (value instanceof Map<?, ?> m) {
            return m.entrySet().stream()
                    .map(e -> TomlText.quoteIfNeeded(String.valueOf(e.getKey())) + " = " + plain(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (value instanceof List<?> l) {
            return l.stream().map(ConfigPrinter::plain).collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(value);
    }
}
