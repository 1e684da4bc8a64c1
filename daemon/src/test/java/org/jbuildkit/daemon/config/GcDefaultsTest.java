package org.jbuildkit.daemon.config;

import org.jbuildkit.api.GoDuration;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upstream's default GC limits and rules, derived from the disk under the root. */
class GcDefaultsTest {

    @TempDir
    Path dir;

    private GcConfig ociGc(ConfigEnvironment env) {
        DaemonFlags flags = TestEnvironments.configFlag(TestEnvironments.write(dir, "e.toml", ""));
        return ConfigResolver.resolve(flags, env).config().workers().oci().gc();
    }

    @Test
    void thisMachinesDiskGivesCappedLimits() {
        GcConfig gc = ociGc(TestEnvironments.root());
        // 10% of 270.6GB rounds up to 26GB (what upstream v0.11 showed as Keep Bytes), above the 10GB cap
        assertThat(DiskSpace.ofPercent(10).asBytes(DiskStat.ofTotal(TestEnvironments.DISK_TOTAL))).isEqualTo(26_000_000_000L);
        assertThat(gc.enabled()).isTrue();
        assertThat(gc.reservedSpace()).isEqualTo(DiskSpace.ofBytes(10_000_000_000L));
        assertThat(gc.maxUsedSpace()).isEqualTo(DiskSpace.ofBytes(100_000_000_000L));
        assertThat(gc.minFreeSpace()).isEqualTo(DiskSpace.ofPercent(20));
    }

    @Test
    void fourDefaultRules() {
        GcConfig gc = ociGc(TestEnvironments.root());
        DiskSpace reserved = DiskSpace.ofBytes(10_000_000_000L);
        DiskSpace maxUsed = DiskSpace.ofBytes(100_000_000_000L);
        DiskSpace minFree = DiskSpace.ofPercent(20);
        assertThat(gc.policies()).containsExactly(
                new GcPolicy(false, List.of("type==source.local,type==exec.cachemount,type==source.git.checkout"),
                        Duration.ofHours(48), DiskSpace.NONE, DiskSpace.ofBytes(512_000_000L), DiskSpace.NONE),
                new GcPolicy(false, List.of(), Duration.ofHours(1440), reserved, maxUsed, minFree),
                new GcPolicy(false, List.of(), Duration.ZERO, reserved, maxUsed, minFree),
                new GcPolicy(true, List.of(), Duration.ZERO, reserved, maxUsed, minFree));
        assertThat(GoDuration.format(gc.policies().get(1).keepDuration())).isEqualTo("1440h0m0s");
        assertThat(gc.policies().get(0).maxUsedSpace().toString()).isEqualTo("512MB");
    }

    @Test
    void smallDiskKeepsPercentages() {
        GcConfig gc = ociGc(TestEnvironments.withDisk(TestEnvironments.root(), 50_000_000_000L));
        assertThat(gc.reservedSpace()).isEqualTo(DiskSpace.ofPercent(10));
        assertThat(gc.maxUsedSpace()).isEqualTo(DiskSpace.ofPercent(80));
        DiskStat disk = DiskStat.ofTotal(50_000_000_000L);
        assertThat(gc.reservedSpace().asBytes(disk)).isEqualTo(5_000_000_000L);
        assertThat(gc.maxUsedSpace().asBytes(disk)).isEqualTo(38_000_000_000L);
    }

    @Test
    void unknownDiskCountsPercentagesAsTwoGigabytes() {
        GcConfig gc = ociGc(TestEnvironments.withDisk(TestEnvironments.root(), 0));
        assertThat(gc.reservedSpace()).isEqualTo(DiskSpace.ofPercent(10));
        assertThat(gc.reservedSpace().asBytes(DiskStat.UNKNOWN)).isEqualTo(2_000_000_000L);
    }

    @Test
    void configuredLimitsFeedTheDefaultRules() {
        Path file = TestEnvironments.write(dir, "b.toml", "[worker.oci]\nreservedSpace = \"5GB\"\ngc = false\n");
        EffectiveConfig effective = ConfigResolver.resolve(TestEnvironments.configFlag(file), TestEnvironments.root());
        GcConfig gc = effective.config().workers().oci().gc();
        assertThat(gc.enabled()).isFalse();
        assertThat(gc.reservedSpace()).isEqualTo(DiskSpace.ofBytes(5L << 30));
        assertThat(gc.maxUsedSpace()).isEqualTo(DiskSpace.NONE);
        assertThat(gc.policies()).hasSize(4);
        assertThat(gc.policies().get(3).reservedSpace()).isEqualTo(DiskSpace.ofBytes(5L << 30));
        assertThat(effective.provenance().sourceOf("worker.oci.gcpolicy").describe())
                .isEqualTo("default: upstream's 4 rules, from the worker's limits");
    }

    @Test
    void policySizesAndDurationsInEveryForm() {
        Path file = TestEnvironments.write(dir, "p.toml", """
                [worker.oci]
                  [[worker.oci.gcpolicy]]
                    reservedSpace = "512MB"
                    maxUsedSpace = "10%"
                    minFreeSpace = 1073741824
                    keepDuration = "48h"
                  [[worker.oci.gcpolicy]]
                    reservedSpace = "1.5GiB"
                    keepDuration = 172800
                  [[worker.oci.gcpolicy]]
                    keepDuration = "172800"
                    reservedSpace = "512 kb"
                """);
        List<GcPolicy> policies = ConfigResolver.resolve(TestEnvironments.configFlag(file), TestEnvironments.root())
                .config().workers().oci().gc().policies();
        assertThat(policies.get(0).reservedSpace()).isEqualTo(DiskSpace.ofBytes(536_870_912L));
        assertThat(policies.get(0).maxUsedSpace()).isEqualTo(DiskSpace.ofPercent(10));
        assertThat(policies.get(0).minFreeSpace()).isEqualTo(DiskSpace.ofBytes(1_073_741_824L));
        assertThat(policies.get(0).keepDuration()).isEqualTo(Duration.ofHours(48));
        assertThat(policies.get(1).reservedSpace()).isEqualTo(DiskSpace.ofBytes(1_610_612_736L));
        assertThat(policies.get(1).keepDuration()).isEqualTo(Duration.ofSeconds(172800));
        assertThat(policies.get(2).keepDuration()).isEqualTo(Duration.ofHours(48));
        assertThat(policies.get(2).reservedSpace()).isEqualTo(DiskSpace.ofBytes(524_288L));
    }
}
