package org.jbuildkit.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Upstream's complete example from docs/buildkitd.toml.md, parsed into typed values. */
class FullConfigFileTest {

    private static final Path FILE = TestEnvironments.resource("full.toml");
    private static EffectiveConfig effective;
    private static BuildkitdConfig config;

    @BeforeAll
    static void resolve() {
        effective = ConfigResolver.resolve(TestEnvironments.configFlag(FILE), TestEnvironments.root());
        config = effective.config();
    }

    @Test
    void topLevelKeys() {
        assertThat(config.root()).isEqualTo(Path.of("/var/lib/buildkit"));
        assertThat(config.insecureEntitlements()).containsExactly("network.host", "security.insecure", "device");
        assertThat(config.proxyNetwork()).isTrue();
        assertThat(config.provenanceEnvDir()).isEqualTo(Path.of("/etc/buildkit/provenance.d"));
        assertThat(config.debug()).isFalse();
        assertThat(config.log()).isEqualTo(new LogConfig(LogConfig.Format.TEXT, LogConfig.Level.INFO));
        assertThat(config.dns()).isEqualTo(new DnsConfig(List.of("1.1.1.1", "8.8.8.8"), List.of("edns0"), List.of("example.com")));
    }

    @Test
    void grpcOtelCdiHistorySystem() {
        assertThat(config.grpc()).isEqualTo(new GrpcConfig(List.of("tcp://0.0.0.0:1234"), "0.0.0.0:6060", 0, 0, "",
                new GrpcTlsConfig("/etc/buildkit/tls.crt", "/etc/buildkit/tls.key", "/etc/buildkit/tlsca.crt")));
        assertThat(config.otel().socketPath()).isEqualTo(Path.of("/run/buildkit/otel-grpc.sock"));
        assertThat(config.cdi()).isEqualTo(new CdiConfig(true,
                List.of(Path.of("/etc/cdi"), Path.of("/var/run/cdi"), Path.of("/etc/buildkit/cdi")), List.of()));
        assertThat(config.history()).isEqualTo(new HistoryConfig(Duration.ofSeconds(172800), 50));
        assertThat(config.system()).isEqualTo(new SystemConfig(Duration.ofHours(1), 4));
        assertThat(config.frontends()).isEqualTo(new FrontendsConfig(new DockerfileFrontendConfig(true),
                new GatewayFrontendConfig(true, List.of())));
    }

    @Test
    void ociWorker() {
        OciWorkerConfig oci = config.workers().oci();
        assertThat(oci.enabled()).isEqualTo(Tristate.TRUE);
        assertThat(oci.platforms()).containsExactly("linux/amd64", "linux/arm64");
        assertThat(oci.snapshotter()).isEqualTo("auto");
        assertThat(oci.rootless()).isFalse();
        assertThat(oci.noProcessSandbox()).isFalse();
        assertThat(oci.binary()).isEmpty();
        assertThat(oci.apparmorProfile()).isEmpty();
        assertThat(oci.maxParallelism()).isEqualTo(4);
        assertThat(oci.network().cniPoolSize()).isEqualTo(16);
        assertThat(oci.labels()).isEqualTo(Map.of("foo", "bar"));
        GcConfig gc = oci.gc();
        assertThat(gc.enabled()).isTrue();
        assertThat(gc.reservedSpace()).isEqualTo(DiskSpace.ofPercent(30));
        assertThat(gc.maxUsedSpace()).isEqualTo(DiskSpace.ofPercent(60));
        assertThat(gc.minFreeSpace()).isEqualTo(DiskSpace.ofBytes(20L << 30));
        assertThat(gc.policies()).containsExactly(
                new GcPolicy(false, List.of("type==source.local", "type==exec.cachemount", "type==source.git.checkout"),
                        Duration.ofHours(48), DiskSpace.ofBytes(512L << 20), DiskSpace.ofBytes(1L << 30),
                        DiskSpace.ofBytes(10L << 30)),
                new GcPolicy(true, List.of(), Duration.ZERO, DiskSpace.ofBytes(1_024_000_000L), DiskSpace.NONE, DiskSpace.NONE));
    }

    @Test
    void containerdWorker() {
        ContainerdWorkerConfig containerd = config.workers().containerd();
        assertThat(containerd.address()).isEqualTo("/run/containerd/containerd.sock");
        assertThat(containerd.enabled()).isEqualTo(Tristate.TRUE);
        assertThat(containerd.platforms()).containsExactly("linux/amd64", "linux/arm64");
        assertThat(containerd.namespace()).isEqualTo("buildkit");
        assertThat(containerd.maxParallelism()).isEqualTo(4);
        assertThat(containerd.network().cniPoolSize()).isEqualTo(16);
        assertThat(containerd.defaultCgroupParent()).isEqualTo("buildkit");
        assertThat(containerd.labels()).isEqualTo(Map.of("foo", "bar"));
        assertThat(containerd.runtime()).isEqualTo(new ContainerdRuntime("io.containerd.runc.v2",
                "/path/to/containerd/runc/shim", Map.of("BinaryName", "runc")));
        assertThat(containerd.gc().reservedSpace()).isEqualTo(DiskSpace.ofPercent(30));
        assertThat(containerd.gc().policies()).containsExactly(
                new GcPolicy(false, List.of("type==source.local", "type==exec.cachemount", "type==source.git.checkout"),
                        Duration.ofSeconds(172800), DiskSpace.ofBytes(512_000_000L), DiskSpace.NONE, DiskSpace.NONE),
                new GcPolicy(true, List.of(), Duration.ZERO, DiskSpace.ofBytes(1_024_000_000L), DiskSpace.NONE, DiskSpace.NONE));
    }

    @Test
    void registries() {
        assertThat(config.registries().keySet()).containsExactly("docker.io", "yourmirror.local:5000");
        assertThat(config.registry("docker.io")).contains(new RegistryConfig(
                List.of("yourmirror.local:5000", "core.harbor.domain/proxy.docker.io"), Tristate.TRUE, Tristate.TRUE,
                List.of(Path.of("/etc/config/myca.pem")),
                List.of(new TlsKeyPair(Path.of("/etc/config/key.pem"), Path.of("/etc/config/cert.pem"))), List.of()));
        assertThat(config.registry("yourmirror.local:5000")).contains(new RegistryConfig(
                List.of(), Tristate.TRUE, Tristate.UNSET, List.of(), List.of(), List.of()));
    }

    @Test
    void ghaCacheFromTheDocsSpellingIsAppliedWithAWarning() {
        assertThat(config.ghaCache()).isEqualTo(new GhaCacheConfig(List.of(), false, 1, 1, Map.of()));
        assertThat(effective.warnings()).anySatisfy(w -> {
            assertThat(w.line()).isEqualTo(209);
            assertThat(w.message()).contains("[ghacache]", "[cache.gha]");
        });
    }

    @Test
    void everyKeyOfTheDocsIsKnown() {
        assertThat(effective.warnings()).noneMatch(w -> w.message().contains("unknown"));
    }

    @Test
    void provenanceNamesTheLineOfEachValue() {
        Provenance p = effective.provenance();
        assertThat(p.sourceOf("root")).isEqualTo(new ValueSource.File(FILE, 2, 1));
        assertThat(p.sourceOf("grpc.tls.cert").describe()).isEqualTo("full.toml:33");
        assertThat(p.sourceOf("worker.oci.gcpolicy[0].keepDuration").describe()).isEqualTo("full.toml:111");
        assertThat(p.sourceOf("registry.\"docker.io\".http").describe()).isEqualTo("full.toml:170");
        assertThat(p.sourceOf("registry.\"docker.io\".keypair[0]").describe()).isEqualTo("full.toml:177");
        assertThat(p.sourceOf("frontend.\"gateway.v0\".enabled").describe()).isEqualTo("full.toml:190");
    }

    @Test
    void missingCertificateFilesAreWarnedAbout() {
        assertThat(effective.warnings()).anySatisfy(w ->
                assertThat(w.message()).contains("CA file /etc/config/myca.pem does not exist"));
    }
}
