package org.jbuildkit.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Sizes parse like upstream's go-units RAMInBytes: binary units, case-insensitive, optional b/ib. */
class DiskSpaceTest {

    @ParameterizedTest
    @CsvSource({
        "512MB, 536870912",
        "512mb, 536870912",
        "512M, 536870912",
        "512MiB, 536870912",
        "'512 MB', 536870912",
        "1GB, 1073741824",
        "10GB, 10737418240",
        "1.5g, 1610612736",
        "20kb, 20480",
        "1024000000, 1024000000",
        "100b, 100",
        "1TB, 1099511627776"})
    void sizes(String text, long bytes) {
        assertThat(DiskSpace.parse(text)).isEqualTo(DiskSpace.ofBytes(bytes));
    }

    @Test
    void percentages() {
        assertThat(DiskSpace.parse("10%")).isEqualTo(DiskSpace.ofPercent(10));
        assertThat(DiskSpace.parse("")).isEqualTo(DiskSpace.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "MB", "10XB", "10mbb", "10mi", "-5MB", "10 %", "-10%", "1.5%", "101%"})
    void rejects(String text) {
        assertThatThrownBy(() -> DiskSpace.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void percentOfDiskRoundsUpToWholeGigabytes() {
        assertThat(DiskSpace.ofPercent(10).asBytes(DiskStat.ofTotal(TestEnvironments.DISK_TOTAL))).isEqualTo(26_000_000_000L);
        assertThat(DiskSpace.ofBytes(5).asBytes(DiskStat.UNKNOWN)).isEqualTo(5);
        assertThat(DiskSpace.NONE.asBytes(DiskStat.ofTotal(TestEnvironments.DISK_TOTAL))).isZero();
    }

    @Test
    void humanSizeLikeUpstream() {
        assertThat(DiskSpace.humanSize(26_000_000_000L)).isEqualTo("26GB");
        assertThat(DiskSpace.humanSize(512_000_000L)).isEqualTo("512MB");
        assertThat(DiskSpace.humanSize(536_870_912L)).isEqualTo("536.9MB");
        assertThat(DiskSpace.humanSize(TestEnvironments.DISK_TOTAL)).isEqualTo("270.6GB");
        assertThat(DiskSpace.humanSize(999)).isEqualTo("999B");
    }
}
