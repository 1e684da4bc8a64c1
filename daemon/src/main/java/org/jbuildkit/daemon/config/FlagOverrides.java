package org.jbuildkit.daemon.config;

import java.util.Map;

/** Applies the given {@link DaemonFlags} over the file's values, recording each as the value's source. */
final class FlagOverrides {

    private FlagOverrides() {
    }

    static BuildkitdConfig apply(BuildkitdConfig config, DaemonFlags flags, ConfigEnvironment env,
            Map<String, ValueSource> sources) {
        BuildkitdConfig out = config;
        if (flags.root() != null) {
            out = out.withRoot(flags.root());
            sources.put("root", new ValueSource.Flag("--root"));
        }
        if (flags.debug() != null && flags.debug()) {
            out = out.withLog(new LogConfig(out.log().format(), LogConfig.Level.DEBUG));
            sources.put("log.level", new ValueSource.Flag("--debug"));
        }
        if (!flags.allowInsecureEntitlements().isEmpty()) {
            for (String entitlement : flags.allowInsecureEntitlements()) {
                if (!ConfigDefaults.ENTITLEMENTS.contains(entitlement)) {
                    throw new ConfigException("flag --allow-insecure-entitlement: invalid entitlement "
                            + TomlText.quote(entitlement),
                            "use one of " + String.join(", ", ConfigDefaults.ENTITLEMENTS));
                }
            }
            out = out.withInsecureEntitlements(flags.allowInsecureEntitlements());
            sources.put("insecure-entitlements", new ValueSource.Flag("--allow-insecure-entitlement"));
        }
        out = out.withGrpc(applyGrpc(out.grpc(), flags, env, sources));
        return out.withWorkers(applyWorkers(out.workers(), flags, env, sources));
    }

    private static GrpcConfig applyGrpc(GrpcConfig grpc, DaemonFlags flags, ConfigEnvironment env,
            Map<String, ValueSource> sources) {
        GrpcConfig out = grpc;
        if (!flags.addrs().isEmpty()) {
            for (String address : flags.addrs()) {
                GrpcAddresses.problem(address).ifPresent(p -> {
                    throw new ConfigException("flag --addr: " + p, GrpcAddresses.FIX);
                });
            }
            out = out.withAddresses(flags.addrs());
            sources.put("grpc.address", new ValueSource.Flag("--addr"));
        }
        if (flags.group() != null && !flags.group().isEmpty()) {
            out = out.withGid(gidOf(flags.group(), env));
            sources.put("grpc.gid", new ValueSource.Flag("--group"));
        }
        GrpcTlsConfig tls = out.tls();
        if (flags.tlsCert() != null) {
            tls = new GrpcTlsConfig(flags.tlsCert().toString(), tls.key(), tls.ca());
            sources.put("grpc.tls.cert", new ValueSource.Flag("--tlscert"));
        }
        if (flags.tlsKey() != null) {
            tls = new GrpcTlsConfig(tls.cert(), flags.tlsKey().toString(), tls.ca());
            sources.put("grpc.tls.key", new ValueSource.Flag("--tlskey"));
        }
        if (flags.tlsCaCert() != null) {
            tls = new GrpcTlsConfig(tls.cert(), tls.key(), flags.tlsCaCert().toString());
            sources.put("grpc.tls.ca", new ValueSource.Flag("--tlscacert"));
        }
        return out.withTls(tls);
    }

    private static int gidOf(String group, ConfigEnvironment env) {
        if (group.matches("\\d{1,9}")) {
            return Integer.parseInt(group);
        }
        return env.groups().gidOf(group).orElseThrow(() -> new ConfigException(
                "flag --group: no group named " + TomlText.quote(group),
                "give an existing group name or a numeric gid (getent group lists them)"));
    }

    private static WorkersConfig applyWorkers(WorkersConfig workers, DaemonFlags flags, ConfigEnvironment env,
            Map<String, ValueSource> sources) {
        OciWorkerConfig oci = workers.oci();
        ContainerdWorkerConfig containerd = workers.containerd();
        if (flags.ociWorker() != null) {
            oci = oci.withEnabled(Tristate.of(flags.ociWorker()));
            sources.put("worker.oci.enabled", new ValueSource.Flag("--oci-worker"));
        }
        if (flags.ociWorkerBinary() != null && !flags.ociWorkerBinary().isEmpty()) {
            oci = oci.withBinary(flags.ociWorkerBinary());
            sources.put("worker.oci.binary", new ValueSource.Flag("--oci-worker-binary"));
        }
        if (flags.ociWorkerSnapshotter() != null && !flags.ociWorkerSnapshotter().isEmpty()) {
            if (oci.proxySnapshotterPath().isEmpty()) {
                WorkerSectionParser.checkSnapshotter(flags.ociWorkerSnapshotter()).ifPresent(p -> {
                    throw new ConfigException("flag --oci-worker-snapshotter: " + p,
                            "use --oci-worker-snapshotter=auto (or overlayfs, native)");
                });
            }
            oci = oci.withSnapshotter(flags.ociWorkerSnapshotter());
            sources.put("worker.oci.snapshotter", new ValueSource.Flag("--oci-worker-snapshotter"));
        }
        if (flags.ociWorkerNoProcessSandbox() != null) {
            oci = oci.withNoProcessSandbox(flags.ociWorkerNoProcessSandbox());
            sources.put("worker.oci.noProcessSandbox", new ValueSource.Flag("--oci-worker-no-process-sandbox"));
        }
        if (!flags.ociWorkerPlatforms().isEmpty()) {
            oci = oci.withPlatforms(flags.ociWorkerPlatforms());
            sources.put("worker.oci.platforms", new ValueSource.Flag("--oci-worker-platform"));
        }
        if (env.inUserNamespace()) {
            // upstream's --rootless defaults to true in a user namespace, overriding the file
            ValueSource inUserNs = new ValueSource.Default("running in a user namespace");
            if (!oci.rootless()) {
                oci = oci.withRootless(true);
                sources.put("worker.oci.rootless", inUserNs);
            }
            if (!containerd.rootless()) {
                containerd = containerd.withRootless(true);
                sources.put("worker.containerd.rootless", inUserNs);
            }
        }
        return new WorkersConfig(oci, containerd);
    }
}
