package org.jbuildkit.client.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GoFormatTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void durationsReadAsGoPrintsThem() {
        assertThat(GoFormat.duration(48 * 3600 * SECOND)).isEqualTo("48h0m0s");
        assertThat(GoFormat.duration(1440 * 3600 * SECOND)).isEqualTo("1440h0m0s");
        assertThat(GoFormat.duration(90 * SECOND)).isEqualTo("1m30s");
        assertThat(GoFormat.duration(1500 * 1_000_000L)).isEqualTo("1.5s");
        assertThat(GoFormat.duration(300 * 1_000_000L)).isEqualTo("300ms");
        assertThat(GoFormat.duration(0)).isEqualTo("0s");
    }

    @Test
    void bytesUseDecimalUnits() {
        assertThat(GoFormat.bytesShort(512_000_000L)).isEqualTo("512MB");
        assertThat(GoFormat.bytesShort(26_000_000_000L)).isEqualTo("26GB");
        assertThat(GoFormat.bytesShort(1_500_000_000L)).isEqualTo("1.5GB");
        assertThat(GoFormat.bytesFixed(172_470_000L)).isEqualTo("172.47MB");
        assertThat(GoFormat.bytesFixed(4096)).isEqualTo("4.10kB");
        assertThat(GoFormat.bytesFixed(0)).isEqualTo("0B");
    }

    @Test
    void binarySizesMatchGoUnitsBytesSize() {
        assertThat(GoFormat.bytesBinary(512_000_000L)).isEqualTo("488.3MiB");
        assertThat(GoFormat.bytesBinary(10_000_000_000L)).isEqualTo("9.313GiB");
        assertThat(GoFormat.bytesBinary(20L << 30)).isEqualTo("20GiB");
        assertThat(GoFormat.bytesBinary(100_000_000_000L)).isEqualTo("93.13GiB");
        assertThat(GoFormat.bytesBinary(512)).isEqualTo("512B");
    }

    @Test
    void timesUseGosDefaultLayout() {
        assertThat(GoFormat.time(Instant.parse("2026-11-24T00:27:04.299124081Z")))
                .isEqualTo("2026-11-24 00:27:04.299124081 +0000 UTC");
        assertThat(GoFormat.time(Instant.parse("2026-11-24T00:27:04.500Z")))
                .isEqualTo("2026-11-24 00:27:04.5 +0000 UTC");
    }

    @Test
    void goDurationsParse() {
        assertThat(GoDurationParser.parse("48h", "--keep-duration")).isEqualTo(48 * 3600 * SECOND);
        assertThat(GoDurationParser.parse("1h30m", "--keep-duration")).isEqualTo(5400 * SECOND);
        assertThat(GoDurationParser.parse("1.5s", "--keep-duration")).isEqualTo(1500 * 1_000_000L);
        assertThatThrownBy(() -> GoDurationParser.parse("two days", "--keep-duration"))
                .hasMessageContaining("--keep-duration two days is not a duration");
    }
}
