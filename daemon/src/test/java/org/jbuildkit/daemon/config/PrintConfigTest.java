package org.jbuildkit.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/** printConfig shows every effective value with its source, as TOML. */
class PrintConfigTest {

    @TempDir
    Path dir;

    @Test
    void eachValueNamesItsSource() {
        Path file = TestEnvironments.write(dir, "buildkitd.toml", """
                [registry."127.0.0.1:5000"]
                  http = true
                """);
        DaemonFlags flags = new DaemonFlags(file, Path.of("/flag/root"), null, null, null, null, null, null, null, null,
                null, null, null, null);
        String printed = ConfigResolver.resolve(flags, TestEnvironments.root()).printConfig();

        assertThat(printed)
                .contains("root = \"/flag/root\"  # flag --root\n")
                .contains("  address = [\"unix:///run/buildkit/buildkitd.sock\"]  # default\n")
                .contains("[registry.\"127.0.0.1:5000\"]  # buildkitd.toml:1\n")
                .contains("  http = true  # buildkitd.toml:2\n")
                .contains("  # insecure = (unset: certificates are verified)  # default\n")
                .contains("  reservedSpace = 10000000000  # default: from the 270.6GB disk under /flag/root (10GB)\n")
                .contains("  minFreeSpace = \"20%\"  # default: from the 270.6GB disk under /flag/root\n")
                .contains("[[worker.oci.gcpolicy]]  # default: upstream's 4 rules, from the worker's limits\n")
                .contains("  keepDuration = \"1440h0m0s\"  # default\n")
                .contains("  level = \"info\"  # default\n");
    }

    @Test
    void defaultsAloneSayThereIsNoFile() {
        Path missingHome = dir.resolve("home");
        String printed = ConfigResolver.resolve(DaemonFlags.none(),
                TestEnvironments.user(Map.of("HOME", missingHome.toString()))).printConfig();
        assertThat(printed).startsWith("# buildkitd configuration in effect: defaults < (no config file at "
                + missingHome.resolve(".config/buildkit/buildkitd.toml") + ") < flags\n");
        assertThat(printed).contains("root = \"" + missingHome.resolve(".local/share/buildkit") + "\"  # default\n");
    }

    @Test
    void printedFullExampleIsValidTomlWithTheSameValues() {
        EffectiveConfig effective = ConfigResolver.resolve(
                TestEnvironments.configFlag(TestEnvironments.resource("full.toml")), TestEnvironments.root());
        String printed = effective.printConfig();

        TomlParseResult reparsed = Toml.parse(printed);
        assertThat(reparsed.errors()).isEmpty();
        assertThat(printed).contains("  reservedSpace = \"30%\"  # full.toml:72\n",
                "  options = {BinaryName = \"runc\"}  # full.toml:155\n",
                "  labels = {foo = \"bar\"}  # full.toml:93\n");

        EffectiveConfig again = TestEnvironments.resolveText(dir, printed);
        assertThat(again.config()).isEqualTo(effective.config());
    }
}
