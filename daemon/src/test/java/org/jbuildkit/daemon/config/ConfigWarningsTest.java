package org.jbuildkit.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that load, but with warnings naming the line and, where possible, what was meant. */
class ConfigWarningsTest {

    @TempDir
    Path dir;

    private List<String> warnings(String text) {
        return TestEnvironments.resolveText(dir, text).warnings().stream().map(ConfigWarning::toString).toList();
    }

    private String at(int line) {
        return dir.resolve("buildkitd.toml") + ":" + line + ": ";
    }

    @Test
    void unknownKeySuggestsTheKnownOne() {
        assertThat(warnings("""
                root = "/var/lib/buildkit"
                insecure-entitlement = ["network.host"]
                """)).containsExactly(at(2) + "unknown key insecure-entitlement ignored; did you mean insecure-entitlements?");
    }

    @Test
    void unknownSectionSuggestsTheKnownOne() {
        assertThat(warnings("""
                [wroker.oci]
                  gc = false
                """)).containsExactly(at(1) + "unknown section [wroker] ignored; did you mean [worker]?");
    }

    @Test
    void unknownKeyWithoutCloseMatchListsTheKnownKeys() {
        assertThat(warnings("""
                [history]
                  retention = 3
                """)).containsExactly(at(2) + "unknown key history.retention ignored (known here: maxAge, maxEntries)");
    }

    @Test
    void keyInAnotherCaseIsAppliedLikeUpstreamWithAWarning() {
        EffectiveConfig effective = TestEnvironments.resolveText(dir, """
                [worker.oci]
                [[worker.oci.gcpolicy]]
                  keepduration = "48h"
                """);
        assertThat(effective.config().workers().oci().gc().policies().get(0).keepDuration()).isEqualTo(Duration.ofHours(48));
        assertThat(effective.warnings()).singleElement().satisfies(w -> {
            assertThat(w.line()).isEqualTo(3);
            assertThat(w.message()).contains("worker.oci.gcpolicy[0].keepduration: did you mean keepDuration?");
        });
    }

    @Test
    void emptySectionResemblingAnotherHostNamesBoth() {
        assertThat(warnings("""
                [registry."local-repository"]
                [registry."local-repository.com"]
                  http = true
                """)).containsExactly(at(1) + "[registry.\"local-repository\"] has no settings and resembles "
                + "[registry.\"local-repository.com\"] (line 2); a section applies only to image references whose host is "
                + "exactly its name, so check which of the two your images use");
    }

    @Test
    void hostsDifferingOnlyByPortResembleEachOther() {
        assertThat(warnings("""
                [registry."myregistry:5000"]
                  insecure = true
                [registry."myregistry"]
                """)).singleElement().asString()
                .startsWith(at(3) + "[registry.\"myregistry\"] has no settings and resembles [registry.\"myregistry:5000\"] (line 1)");
    }

    @Test
    void emptySectionAloneChangesNothing() {
        assertThat(warnings("[registry.\"quay.io\"]\n"))
                .containsExactly(at(1) + "[registry.\"quay.io\"] has no settings; it changes nothing");
    }

    @Test
    void registryNamedByUrlAsksForHostPort() {
        assertThat(warnings("""
                [registry."http://host:5000"]
                  insecure = true
                """)).singleElement().asString().startsWith(at(1) + "[registry.\"http://host:5000\"] is a URL")
                .endsWith("write [registry.\"host:5000\"] with http = true");
    }

    @Test
    void mirrorWithSchemeIsWarnedAbout() {
        assertThat(warnings("""
                [registry."docker.io"]
                  mirrors = ["http://mirror.local:5000"]
                """)).singleElement().asString().isEqualTo(at(2) + "mirror \"http://mirror.local:5000\" of "
                + "[registry.\"docker.io\"] has a scheme, which is ignored: buildkitd connects to mirror.local:5000 over "
                + "HTTPS as set by [registry.\"mirror.local:5000\"]; write mirrors = [\"mirror.local:5000\"] and "
                + "[registry.\"mirror.local:5000\"] http = true");
    }

    @Test
    void mirrorWithoutItsOwnSectionButASimilarOne() {
        assertThat(warnings("""
                [registry."docker.io"]
                  mirrors = ["mirror.local:5000"]
                [registry."mirror.local"]
                  http = true
                """)).singleElement().asString().isEqualTo(at(2) + "mirror mirror.local:5000 takes its TLS/HTTP settings "
                + "from [registry.\"mirror.local:5000\"], which does not exist; [registry.\"mirror.local\"] does not apply to it");
    }

    @Test
    void unquotedDottedHostIsExplained() {
        assertThat(warnings("""
                [registry.docker.io]
                  http = true
                """)).singleElement().asString().contains("[registry.docker.io] is read as host \"docker\" with a sub-table",
                "quote the host: [registry.\"docker.io\"]");
    }

    @Test
    void deprecatedKeysStillApply() {
        EffectiveConfig effective = TestEnvironments.resolveText(dir, """
                debug = true
                [worker.oci]
                  gckeepstorage = "1GB"
                  [[worker.oci.gcpolicy]]
                    keepBytes = 1000
                """);
        assertThat(effective.config().log().level()).isEqualTo(LogConfig.Level.DEBUG);
        assertThat(effective.provenance().sourceOf("log.level").describe()).isEqualTo("buildkitd.toml:1");
        GcConfig gc = effective.config().workers().oci().gc();
        assertThat(gc.reservedSpace()).isEqualTo(DiskSpace.ofBytes(1L << 30));
        assertThat(gc.policies().get(0).reservedSpace()).isEqualTo(DiskSpace.ofBytes(1000));
        assertThat(effective.provenance().sourceOf("worker.oci.gcpolicy[0].reservedSpace").describe())
                .isEqualTo("buildkitd.toml:5");
        assertThat(effective.warnings()).extracting(ConfigWarning::message).containsExactly(
                "'debug' is deprecated, use [log] level = \"debug\" instead",
                "gckeepstorage is deprecated; use reservedSpace (and maxUsedSpace, minFreeSpace)",
                "keepBytes is deprecated; use reservedSpace");
    }

    @Test
    void unknownEntitlementInTheFile() {
        assertThat(warnings("insecure-entitlements = [\"network-host\"]\n")).containsExactly(at(1)
                + "unknown entitlement \"network-host\" in insecure-entitlements; builds can never be granted it; "
                + "did you mean network.host?");
    }
}
