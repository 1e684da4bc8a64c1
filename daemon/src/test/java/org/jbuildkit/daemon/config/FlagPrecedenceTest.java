package org.jbuildkit.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defaults < file < flags, and provenance that says which one won. */
class FlagPrecedenceTest {

    @TempDir
    Path dir;

    private static final String FILE = """
            root = "/srv/buildkit"
            [grpc]
              address = ["tcp://127.0.0.1:1234"]
            [worker.oci]
              snapshotter = "native"
              binary = "crun"
            """;

    private DaemonFlags flags(Path config, Path root, List<String> addrs, String snapshotter) {
        return new DaemonFlags(config, root, addrs, null, null, null, null, null, null, null, snapshotter, null, null, null);
    }

    @Test
    void flagBeatsFileBeatsDefault() {
        Path config = TestEnvironments.write(dir, "buildkitd.toml", FILE);
        EffectiveConfig effective = ConfigResolver.resolve(
                flags(config, Path.of("/flag/root"), null, "overlayfs"), TestEnvironments.root());

        BuildkitdConfig c = effective.config();
        assertThat(c.root()).isEqualTo(Path.of("/flag/root"));
        assertThat(c.grpc().addresses()).containsExactly("tcp://127.0.0.1:1234");
        assertThat(c.workers().oci().snapshotter()).isEqualTo("overlayfs");
        assertThat(c.workers().oci().binary()).isEqualTo("crun");
        assertThat(c.otel().socketPath()).isEqualTo(Path.of("/run/buildkit/otel-grpc.sock"));

        Provenance p = effective.provenance();
        assertThat(p.sourceOf("root").describe()).isEqualTo("flag --root");
        assertThat(p.sourceOf("grpc.address").describe()).isEqualTo("buildkitd.toml:3");
        assertThat(p.sourceOf("worker.oci.snapshotter").describe()).isEqualTo("flag --oci-worker-snapshotter");
        assertThat(p.sourceOf("worker.oci.binary").describe()).isEqualTo("buildkitd.toml:6");
        assertThat(p.sourceOf("otel.socketPath").describe()).isEqualTo("default");
        assertThat(effective.startupReport()).contains("flags override the file: --root, --oci-worker-snapshotter");
    }

    @Test
    void fileBeatsDefaultWithoutFlags() {
        Path config = TestEnvironments.write(dir, "buildkitd.toml", FILE);
        EffectiveConfig effective = ConfigResolver.resolve(flags(config, null, null, null), TestEnvironments.root());
        assertThat(effective.config().root()).isEqualTo(Path.of("/srv/buildkit"));
        assertThat(effective.provenance().sourceOf("root")).isEqualTo(new ValueSource.File(config, 1, 1));
    }

    @Test
    void everyFlagOverrides() {
        Path config = TestEnvironments.write(dir, "buildkitd.toml", "insecure-entitlements = [\"device\"]\n" + FILE);
        DaemonFlags all = new DaemonFlags(config, null, List.of("unix:///tmp/a.sock", "tcp://0.0.0.0:9999"), "buildkit",
                true, Path.of("/tls/cert.pem"), Path.of("/tls/key.pem"), Path.of("/tls/ca.pem"), false, "runc",
                null, true, List.of("linux/arm64"), List.of("network.host", "security.insecure"));
        BuildkitdConfig c = ConfigResolver.resolve(all, TestEnvironments.root()).config();

        assertThat(c.grpc().addresses()).containsExactly("unix:///tmp/a.sock", "tcp://0.0.0.0:9999");
        assertThat(c.grpc().gid()).isEqualTo(1234);
        assertThat(c.grpc().tls()).isEqualTo(new GrpcTlsConfig("/tls/cert.pem", "/tls/key.pem", "/tls/ca.pem"));
        assertThat(c.log().level()).isEqualTo(LogConfig.Level.DEBUG);
        assertThat(c.workers().oci().enabled()).isEqualTo(Tristate.FALSE);
        assertThat(c.workers().oci().binary()).isEqualTo("runc");
        assertThat(c.workers().oci().noProcessSandbox()).isTrue();
        assertThat(c.workers().oci().platforms()).containsExactly("linux/arm64");
        assertThat(c.insecureEntitlements()).containsExactly("network.host", "security.insecure");
    }

    @Test
    void numericGroupNeedsNoLookup() {
        DaemonFlags group = new DaemonFlags(TestEnvironments.write(dir, "e.toml", ""), null, null, "998", null, null,
                null, null, null, null, null, null, null, null);
        assertThat(ConfigResolver.resolve(group, TestEnvironments.root()).config().grpc().gid()).isEqualTo(998);
    }

    @Test
    void relativeRootBecomesAbsolute() {
        DaemonFlags root = new DaemonFlags(TestEnvironments.write(dir, "e.toml", ""), Path.of("state"), null, null, null,
                null, null, null, null, null, null, null, null, null);
        assertThat(ConfigResolver.resolve(root, TestEnvironments.root()).config().root())
                .isEqualTo(Path.of("state").toAbsolutePath());
    }

    @Test
    void inAUserNamespaceWorkersAreRootlessLikeUpstream() {
        ConfigEnvironment userNs = new ConfigEnvironment(0, 0, true, Map.of("USER", "root"),
                d -> DiskStat.UNKNOWN, n -> OptionalInt.empty());
        EffectiveConfig effective = ConfigResolver.resolve(
                flags(TestEnvironments.write(dir, "e.toml", "[worker.oci]\nrootless = false\n"), null, null, null), userNs);
        assertThat(effective.config().workers().oci().rootless()).isTrue();
        assertThat(effective.provenance().sourceOf("worker.oci.rootless").describe())
                .isEqualTo("default: running in a user namespace");
    }
}
