package org.jbuildkit.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upstream's default paths for rootful and rootless daemons. */
class DefaultPathsTest {

    @TempDir
    Path home;

    @Test
    void rootUsesSystemPaths() {
        ConfigEnvironment env = TestEnvironments.root();
        assertThat(ConfigDefaults.configPath(env)).isEqualTo(Path.of("/etc/buildkit/buildkitd.toml"));
        assertThat(ConfigDefaults.root(env)).isEqualTo(Path.of("/var/lib/buildkit"));
        assertThat(ConfigDefaults.address(env)).isEqualTo("unix:///run/buildkit/buildkitd.sock");
    }

    @Test
    void nonRootUsesHome() {
        ConfigEnvironment env = TestEnvironments.user(Map.of("HOME", "/home/alice"));
        assertThat(ConfigDefaults.configPath(env)).isEqualTo(Path.of("/home/alice/.config/buildkit/buildkitd.toml"));
        assertThat(ConfigDefaults.root(env)).isEqualTo(Path.of("/home/alice/.local/share/buildkit"));
        assertThat(ConfigDefaults.address(env)).isEqualTo("unix:///run/buildkit/buildkitd.sock");
    }

    @Test
    void nonRootHonoursXdgDirectories() {
        ConfigEnvironment env = TestEnvironments.user(Map.of("HOME", "/home/alice", "XDG_CONFIG_HOME", "/cfg",
                "XDG_DATA_HOME", "/data:/more", "XDG_RUNTIME_DIR", "/run/user/1000"));
        assertThat(ConfigDefaults.configPath(env)).isEqualTo(Path.of("/cfg/buildkit/buildkitd.toml"));
        assertThat(ConfigDefaults.root(env)).isEqualTo(Path.of("/data/buildkit"));
        assertThat(ConfigDefaults.address(env)).isEqualTo("unix:///run/user/1000/buildkit/buildkitd.sock");
        assertThat(ConfigDefaults.config(env).otel().socketPath()).isEqualTo(Path.of("/run/user/1000/buildkit/otel-grpc.sock"));
    }

    @Test
    void mappedRootInAUserNamespaceIsRootlessWhenUserIsSomeoneElse() {
        ConfigEnvironment rootlessKit = new ConfigEnvironment(0, 0, true, Map.of("USER", "alice", "HOME", "/home/alice"),
                d -> DiskStat.UNKNOWN, n -> OptionalInt.empty());
        assertThat(ConfigDefaults.configPath(rootlessKit)).isEqualTo(Path.of("/home/alice/.config/buildkit/buildkitd.toml"));
        ConfigEnvironment container = new ConfigEnvironment(0, 0, true, Map.of("USER", "root"),
                d -> DiskStat.UNKNOWN, n -> OptionalInt.empty());
        assertThat(ConfigDefaults.configPath(container)).isEqualTo(Path.of("/etc/buildkit/buildkitd.toml"));
    }

    @Test
    void missingDefaultFileMeansDefaults() {
        ConfigEnvironment env = TestEnvironments.user(Map.of("HOME", home.toString()));
        EffectiveConfig effective = ConfigResolver.resolve(DaemonFlags.none(), env);
        Path expected = home.resolve(".config/buildkit/buildkitd.toml");
        assertThat(effective.configFile()).isEqualTo(new ConfigFileSource(expected, false, false));
        assertThat(effective.startupReport().get(0))
                .isEqualTo("no config file at " + expected + " (the default path); using defaults");
        assertThat(effective.config().root()).isEqualTo(home.resolve(".local/share/buildkit"));
        assertThat(effective.config().grpc().uid()).isEqualTo(1000);
        assertThat(effective.warnings()).isEmpty();
    }

    @Test
    void existingDefaultFileIsRead() throws Exception {
        Path file = home.resolve(".config/buildkit/buildkitd.toml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "[log]\nlevel = \"warn\"\n");
        EffectiveConfig effective = ConfigResolver.resolve(DaemonFlags.none(),
                TestEnvironments.user(Map.of("HOME", home.toString())));
        assertThat(effective.configFile().describe()).isEqualTo("config file " + file + " (the default path)");
        assertThat(effective.config().log().level()).isEqualTo(LogConfig.Level.WARN);
    }
}
