package org.jbuildkit.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepLogClipperTest {
    private static final Instant START = Instant.parse("2026-11-01T10:00:00Z");

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int n, char c) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    @Test
    void upstreamsLimitsAreTheDefaultsAndTheEnvironmentOverridesThem() {
        assertThat(StepLogLimits.fromEnvironment(Map.of())).isEqualTo(new StepLogLimits(2097152, 204800));
        assertThat(StepLogLimits.fromEnvironment(Map.of("BUILDKIT_STEP_LOG_MAX_SIZE", "1000",
                "BUILDKIT_STEP_LOG_MAX_SPEED", "-1"))).isEqualTo(new StepLogLimits(1000, -1));
        assertThat(StepLogLimits.fromEnvironment(Map.of("BUILDKIT_STEP_LOG_MAX_SIZE", "lots",
                "BUILDKIT_STEP_LOG_MAX_SPEED", "99999999999"))).isEqualTo(StepLogLimits.UPSTREAM);
    }

    @Test
    void limitsAreNamedInUpstreamsUnits() {
        assertThat(StepLogLimits.binary(2 * 1024 * 1024)).isEqualTo("2MiB");
        assertThat(StepLogLimits.binary(200 * 1024)).isEqualTo("200KiB");
        assertThat(StepLogLimits.binary(1536)).isEqualTo("1.5KiB");
        assertThat(StepLogLimits.binary(1000)).isEqualTo("1000B");
    }

    @Test
    void pastTheSizeLimitTheRestIsDroppedBehindOneClipLine() {
        StepLogClipper clipper = new StepLogClipper(new StepLogLimits(10, -1), START);
        assertThat(text(clipper.accept("12345678".getBytes(), START.plusMillis(1)))).isEqualTo("12345678");
        assertThat(text(clipper.accept("abcdef".getBytes(), START.plusMillis(2))))
                .isEqualTo("ab\n[output clipped, log limit 10B reached]\n");
        assertThat(clipper.accept("more".getBytes(), START.plusMillis(3))).isEmpty();
        assertThat(clipper.accept("and more".getBytes(), START.plusSeconds(30))).isEmpty();
    }

    @Test
    void theSpeedLimitClipsThenLetsOutputFlowAgainAsTimePasses() {
        StepLogClipper clipper = new StepLogClipper(new StepLogLimits(1 << 20, 100), START);
        assertThat(text(clipper.accept(bytes(150, 'a'), START.plusMillis(100))))
                .endsWith("\n[output clipped, log limit 100B/s reached]\n").startsWith("a".repeat(100) + "\n");
        // Two seconds in, 200 bytes are allowed and 150 were written: a small write fits again.
        assertThat(text(clipper.accept("ok\n".getBytes(), START.plus(Duration.ofMillis(1500))))).isEqualTo("ok\n");
    }

    @Test
    void aClippedStreamKeepsItsLastBytesForAFailureAndAnUnclippedOneKeepsNothing() {
        StepLogClipper quiet = new StepLogClipper(StepLogLimits.UPSTREAM, START);
        quiet.accept("fine\n".getBytes(), START.plusMillis(1));
        assertThat(quiet.tail()).isEmpty();

        StepLogClipper loud = new StepLogClipper(new StepLogLimits(4, -1), START);
        loud.accept("first\n".getBytes(), START.plusMillis(1));
        loud.accept(bytes(StepLogClipper.TAIL_BYTES, 'x'), START.plusMillis(2));
        loud.accept("last line\n".getBytes(), START.plusMillis(3));
        byte[] tail = loud.tail().orElseThrow();
        assertThat(tail).hasSize(StepLogClipper.TAIL_BYTES);
        assertThat(text(tail)).endsWith("xlast line\n").doesNotContain("first");
    }

    @Test
    void withNoSizeLimitNothingIsClippedEvenAtHighSpeed() {
        StepLogClipper clipper = new StepLogClipper(new StepLogLimits(-1, 10), START);
        assertThat(clipper.accept(bytes(5000, 'z'), START.plusMillis(1))).hasSize(5000);
    }
}
