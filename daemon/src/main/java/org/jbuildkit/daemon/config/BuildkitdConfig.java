package org.jbuildkit.daemon.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's configuration, typed: one component per section or top-level key of upstream's
 * {@code buildkitd.toml}. In an {@link EffectiveConfig} every value is final (defaults applied,
 * file and flags merged), so consumers never need to know what was left unset — except where
 * unset has its own meaning ({@link Tristate}).
 *
 * @param debug deprecated top-level {@code debug}; its effect is already folded into {@code log.level}
 * @param trace deprecated top-level {@code trace}; likewise
 * @param insecureEntitlements entitlements builds may ask for: network.host, security.insecure, device
 * @param proxyNetwork enforce the proxy network for all builds
 * @param provenanceEnvDir directory of extra values recorded in build provenance
 * @param registries sections in file order, keyed by host exactly as written
 */
public record BuildkitdConfig(
        Path root,
        boolean debug,
        boolean trace,
        List<String> insecureEntitlements,
        boolean proxyNetwork,
        Path provenanceEnvDir,
        LogConfig log,
        DnsConfig dns,
        GrpcConfig grpc,
        OtelConfig otel,
        CdiConfig cdi,
        HistoryConfig history,
        WorkersConfig workers,
        Map<String, RegistryConfig> registries,
        FrontendsConfig frontends,
        SystemConfig system,
        GhaCacheConfig ghaCache) {

    public BuildkitdConfig {
        insecureEntitlements = List.copyOf(insecureEntitlements);
        registries = Collections.unmodifiableMap(new LinkedHashMap<>(registries));
    }

    /** The section for exactly this host, if configured. */
    public Optional<RegistryConfig> registry(String host) {
        return Optional.ofNullable(registries.get(host));
    }

    BuildkitdConfig withRoot(Path value) {
        return new BuildkitdConfig(value, debug, trace, insecureEntitlements, proxyNetwork, provenanceEnvDir, log, dns,
                grpc, otel, cdi, history, workers, registries, frontends, system, ghaCache);
    }

    BuildkitdConfig withInsecureEntitlements(List<String> value) {
        return new BuildkitdConfig(root, debug, trace, value, proxyNetwork, provenanceEnvDir, log, dns,
                grpc, otel, cdi, history, workers, registries, frontends, system, ghaCache);
    }

    BuildkitdConfig withLog(LogConfig value) {
        return new BuildkitdConfig(root, debug, trace, insecureEntitlements, proxyNetwork, provenanceEnvDir, value, dns,
                grpc, otel, cdi, history, workers, registries, frontends, system, ghaCache);
    }

    BuildkitdConfig withGrpc(GrpcConfig value) {
        return new BuildkitdConfig(root, debug, trace, insecureEntitlements, proxyNetwork, provenanceEnvDir, log, dns,
                value, otel, cdi, history, workers, registries, frontends, system, ghaCache);
    }

    BuildkitdConfig withWorkers(WorkersConfig value) {
        return new BuildkitdConfig(root, debug, trace, insecureEntitlements, proxyNetwork, provenanceEnvDir, log, dns,
                grpc, otel, cdi, history, value, registries, frontends, system, ghaCache);
    }
}
