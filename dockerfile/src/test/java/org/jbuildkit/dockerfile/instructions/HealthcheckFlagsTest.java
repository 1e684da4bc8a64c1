package org.jbuildkit.dockerfile.instructions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HealthcheckFlagsTest {

    @Test
    void everyFlagIsRead() throws Exception {
        HealthcheckFlags h = HealthcheckFlags.parse(List.of("--interval=30s", "--timeout=1m30s",
                "--start-period=1.5h", "--start-interval=250ms", "--retries=3"));
        assertThat(h).isEqualTo(new HealthcheckFlags(Duration.ofSeconds(30), Duration.ofSeconds(90),
                Duration.ofMinutes(90), Duration.ofMillis(250), 3));
    }

    @Test
    void absentOrZeroMeansTheDefault() throws Exception {
        assertThat(HealthcheckFlags.parse(List.of())).isEqualTo(new HealthcheckFlags(Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ZERO, 0));
        assertThat(HealthcheckFlags.parse(List.of("--interval=0", "--timeout=0s", "--retries=0")))
                .isEqualTo(new HealthcheckFlags(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0));
        assertThat(HealthcheckFlags.parse(List.of("--interval=")).interval()).isZero();
    }

    static Stream<Arguments> durations() {
        return Stream.of(Arguments.of("1ms", Duration.ofMillis(1)), Arguments.of("1h2m3s", Duration.ofSeconds(3723)),
                Arguments.of("1.5s", Duration.ofMillis(1500)), Arguments.of(".5s", Duration.ofMillis(500)),
                Arguments.of("5.s", Duration.ofSeconds(5)), Arguments.of("+2m", Duration.ofMinutes(2)),
                Arguments.of("1000us", Duration.ofMillis(1)), Arguments.of("1000\u00b5s", Duration.ofMillis(1)),
                Arguments.of("1000000ns", Duration.ofMillis(1)), Arguments.of("2h45m", Duration.ofMinutes(165)),
                Arguments.of("0.001s", Duration.ofMillis(1)), Arguments.of("1.000000001s", Duration.ofNanos(1_000_000_001)));
    }

    @ParameterizedTest
    @MethodSource("durations")
    void goDurationSyntax(String text, Duration expected) throws Exception {
        assertThat(HealthcheckFlags.parse(List.of("--interval=" + text)).interval()).isEqualTo(expected);
    }

    static Stream<Arguments> errors() {
        String fix = " (--interval takes a duration with a unit, such as 30s, 1m30s or 1.5h)";
        return Stream.of(
                Arguments.of("--interval=10", "time: missing unit in duration \"10\"" + fix),
                Arguments.of("--interval=1d", "time: unknown unit \"d\" in duration \"1d\"" + fix),
                Arguments.of("--interval=abc", "time: invalid duration \"abc\"" + fix),
                Arguments.of("--interval=.s", "time: invalid duration \".s\"" + fix),
                Arguments.of("--interval=-", "time: invalid duration \"-\"" + fix),
                Arguments.of("--interval=9999999999999999999s", "time: invalid duration \"9999999999999999999s\"" + fix),
                Arguments.of("--interval=999999999999h", "time: invalid duration \"999999999999h\"" + fix),
                Arguments.of("--interval=1s ", "time: unknown unit \"s \" in duration \"1s \"" + fix),
                Arguments.of("--interval=500us", "Interval \"interval\" cannot be less than 1ms (give --interval at"
                        + " least 1ms, or 0 for the default)"),
                Arguments.of("--timeout=-1s", "Interval \"timeout\" cannot be less than 1ms (give --timeout at least"
                        + " 1ms, or 0 for the default)"),
                Arguments.of("--start-period=1ns", "Interval \"start-period\" cannot be less than 1ms (give"
                        + " --start-period at least 1ms, or 0 for the default)"),
                Arguments.of("--start-interval=0.5ms", "Interval \"start-interval\" cannot be less than 1ms (give"
                        + " --start-interval at least 1ms, or 0 for the default)"),
                Arguments.of("--retries=-1", "--retries cannot be negative (-1); give 0 or more"),
                Arguments.of("--retries=three", "strconv.ParseInt: parsing \"three\": invalid syntax (--retries takes"
                        + " a whole number such as 3)"),
                Arguments.of("--retries=3000000000", "strconv.ParseInt: parsing \"3000000000\": value out of range"
                        + " (--retries takes a whole number such as 3)"),
                Arguments.of("--intervl=3", "unknown flag: --intervl (did you mean interval?); HEALTHCHECK accepts"
                        + " --interval, --retries, --start-interval, --start-period, --timeout"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void refusesAsUpstream(String flag, String message) {
        assertThatThrownBy(() -> HealthcheckFlags.parse(List.of(flag))).isInstanceOf(InstructionFlagException.class)
                .hasMessage(message);
    }
}
