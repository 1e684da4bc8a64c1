package org.jbuildkit.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files the daemon must refuse, with the place, the key, what was expected and what was found. */
class ConfigErrorsTest {

    @TempDir
    Path dir;

    private ConfigException refused(String text) {
        try {
            TestEnvironments.resolveText(dir, text);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("accepted:\n" + text);
    }

    private String file() {
        return dir.resolve("buildkitd.toml").toString();
    }

    @Test
    void syntaxErrorNamesLineAndColumn() {
        ConfigException e = refused("""
                root = "/x"
                [registry."h:1"]
                  http = yes
                """);
        assertThat(e.problem()).startsWith(file() + ":3:10: invalid TOML: Unexpected 'y'");
        assertThat(e.fix()).contains("double quotes");
    }

    @Test
    void quotedBooleanIsAWrongType() {
        ConfigException e = refused("""
                [registry."192.168.0.110:8082"]
                  http = "yes"
                """);
        assertThat(e.problem()).isEqualTo(file() + ":2:3: registry.\"192.168.0.110:8082\".http: "
                + "expected a boolean (true or false), found string \"yes\"");
        assertThat(e.fix()).isEqualTo("write http = true or http = false, without quotes");
    }

    @Test
    void badDurationNamesTheKeyAndValue() {
        ConfigException e = refused("""
                [worker.oci]
                [[worker.oci.gcpolicy]]
                  keepDuration = "forever"
                """);
        assertThat(e.problem()).startsWith(file() + ":3:3: worker.oci.gcpolicy[0].keepDuration: expected a duration")
                .endsWith("found string \"forever\"");
        assertThat(e.fix()).contains("\"48h\"", "172800");
    }

    @Test
    void badSizeNamesTheKeyAndValue() {
        ConfigException e = refused("""
                [worker.containerd]
                  reservedSpace = "lots"
                """);
        assertThat(e.problem()).startsWith(file() + ":2:3: worker.containerd.reservedSpace: expected a disk size")
                .contains("found string \"lots\"");
    }

    @Test
    void percentageAboveAHundredIsRefused() {
        ConfigException e = refused("""
                [worker.oci]
                  maxUsedSpace = "150%"
                """);
        assertThat(e.problem()).contains("worker.oci.maxUsedSpace", "cannot exceed 100%");
    }

    @Test
    void unknownSnapshotterIsRefusedWithTheKnownOnes() {
        ConfigException e = refused("""
                [worker.oci]
                  snapshotter = "zfsx"
                """);
        assertThat(e.problem()).isEqualTo(file() + ":2:3: worker.oci.snapshotter: unknown snapshotter \"zfsx\"; "
                + "expected one of auto, overlayfs, native, fuse-overlayfs, stargz");
        assertThat(refused("[worker.oci]\nsnapshotter = \"overlay\"\n").problem()).contains("did you mean overlayfs?");
    }

    @Test
    void anyNameIsAcceptedWithAProxySnapshotter() {
        EffectiveConfig effective = TestEnvironments.resolveText(dir, """
                [worker.oci]
                  snapshotter = "zfs"
                  proxySnapshotterPath = "/run/zfs-snapshotter.sock"
                """);
        assertThat(effective.config().workers().oci().snapshotter()).isEqualTo("zfs");
    }

    @Test
    void singleBracketKeypairExplainsDoubleBrackets() {
        ConfigException e = refused("""
                [registry."r:5000"]
                [registry."r:5000".keypair]
                  key = "/k.pem"
                  cert = "/c.pem"
                """);
        assertThat(e.problem()).contains("registry.\"r:5000\".keypair: expected an array of tables", "found a table");
        assertThat(e.fix()).contains("[[registry.\"r:5000\".keypair]]");
    }

    @Test
    void caAsAPlainStringAsksForBrackets() {
        ConfigException e = refused("""
                [registry."r:5000"]
                  ca = "/etc/ca.pem"
                """);
        assertThat(e.problem()).contains(":2:3: registry.\"r:5000\".ca: expected an array of strings, found string");
        assertThat(e.fix()).isEqualTo("put the value in brackets: ca = [\"/etc/ca.pem\"]");
    }

    @Test
    void integerWhereAStringBelongs() {
        ConfigException e = refused("root = 5\n");
        assertThat(e.problem()).isEqualTo(file() + ":1:1: root: expected a string, found integer 5");
    }

    @Test
    void valuesOutOfRange() {
        assertThat(refused("[system]\nmaxRegistryConcurrency = 0\n").problem())
                .contains("system.maxRegistryConcurrency: must be greater than zero, found 0");
        assertThat(refused("[worker.oci]\nmax-parallelism = -1\n").problem())
                .contains("worker.oci.max-parallelism: expected an integer from 0");
        assertThat(refused("[log]\nlevel = \"loud\"\n").problem())
                .contains("log.level: expected one of error, warn, info, debug, trace, found \"loud\"");
        assertThat(refused("[grpc]\naddress = [\"/run/buildkit.sock\"]\n").problem())
                .contains("grpc.address: address \"/run/buildkit.sock\" has no scheme; did you mean unix:///run/buildkit.sock?");
        assertThat(refused("[worker.oci]\nnetworkMode = \"bridged\"\n").problem())
                .contains("invalid network mode \"bridged\"");
    }

    @Test
    void registrySettingsWithoutAHostAreRefused() {
        ConfigException e = refused("""
                [registry]
                  http = true
                """);
        assertThat(e.problem()).isEqualTo(file() + ":2:3: registry.http: expected a section [registry.http], "
                + "found boolean true");
        assertThat(e.fix()).contains("[registry.\"host:port\"]");
    }

    @Test
    void keypairNeedsBothFiles() {
        ConfigException e = refused("""
                [registry."r:5000"]
                  [[registry."r:5000".keypair]]
                    key = "/k.pem"
                """);
        assertThat(e.problem()).contains(":2:3: registry.\"r:5000\".keypair[0]: a keypair needs both key and cert");
    }

    @Test
    void missingConfigFileFromTheFlagIsAnError() {
        Path missing = dir.resolve("y.toml");
        assertThatThrownBy(() -> ConfigResolver.resolve(TestEnvironments.configFlag(missing), TestEnvironments.root()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config file " + missing + " (from --config) does not exist")
                .hasMessageContaining("fix: ");
    }

    @Test
    void invalidFlagValues() {
        Path empty = TestEnvironments.write(dir, "empty.toml", "");
        DaemonFlags badEntitlement = new DaemonFlags(empty, null, null, null, null, null, null, null, null, null, null,
                null, null, List.of("network-host"));
        assertThatThrownBy(() -> ConfigResolver.resolve(badEntitlement, TestEnvironments.root()))
                .hasMessageStartingWith("flag --allow-insecure-entitlement: invalid entitlement \"network-host\"");
        DaemonFlags badSnapshotter = new DaemonFlags(empty, null, null, null, null, null, null, null, null, null, "zfsx",
                null, null, null);
        assertThatThrownBy(() -> ConfigResolver.resolve(badSnapshotter, TestEnvironments.root()))
                .hasMessageStartingWith("flag --oci-worker-snapshotter: unknown snapshotter \"zfsx\"");
        DaemonFlags unknownGroup = new DaemonFlags(empty, null, null, "nosuchgroup", null, null, null, null, null, null,
                null, null, null, null);
        assertThatThrownBy(() -> ConfigResolver.resolve(unknownGroup, TestEnvironments.root()))
                .hasMessageStartingWith("flag --group: no group named \"nosuchgroup\"");
    }
}
