package org.jbuildkit.dockerfile.instructions;

import org.jbuildkit.api.GoDuration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The Go library syntaxes the options reuse: go-units sizes, time durations, strconv numbers, %q, suggestions. */
class GoValueSyntaxTest {

    static Stream<Arguments> sizes() {
        return Stream.of(Arguments.of("0x10p0", 16L), Arguments.of("1.5", 1L), Arguments.of("1 k", 1024L),
                Arguments.of("1Kib", 1024L), Arguments.of(".5m", 512L << 10), Arguments.of("3PB", 3L << 50),
                Arguments.of("+2g", 2L << 30));
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void ramInBytes(String text, long bytes) {
        assertThat(RamInBytes.parse(text)).isEqualTo(bytes);
    }

    static Stream<Arguments> badSizes() {
        return Stream.of(Arguments.of("", "invalid size: ''"), Arguments.of("k", "invalid size: 'k'"),
                Arguments.of("-1k", "invalid size: '-1k'"), Arguments.of("1kk", "invalid suffix: 'kk'"),
                Arguments.of("1kbb", "invalid suffix: 'kbb'"), Arguments.of("1bb", "invalid suffix: 'bb'"),
                Arguments.of("1x", "invalid suffix: 'x'"), Arguments.of("1kx", "invalid suffix: 'kx'"),
                Arguments.of("1kix", "invalid suffix: 'kix'"),
                Arguments.of("1.2.3", "strconv.ParseFloat: parsing \"1.2.3\": invalid syntax"),
                Arguments.of("1_000", "strconv.ParseFloat: parsing \"1_000\": invalid syntax"),
                Arguments.of("1d", "invalid suffix: 'd'"), Arguments.of("0x10", "strconv.ParseFloat: parsing"
                        + " \"0x10\": invalid syntax"));
    }

    @ParameterizedTest
    @MethodSource("badSizes")
    void ramInBytesRefuses(String text, String message) {
        assertThatThrownBy(() -> RamInBytes.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void durationFractionsAreComputedAsGoDoes() {
        assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("0.1s")).isEqualTo(Duration.ofMillis(100));
        assertThat(GoDuration.parse("1.1234567891s")).isEqualTo(Duration.ofNanos(1_123_456_789));
        assertThat(GoDuration.parse("-1m")).isEqualTo(Duration.ofMinutes(-1));
        assertThat(GoDuration.parse("-0")).isZero();
        assertThat(GoDuration.parse("2562047h")).isEqualTo(Duration.ofHours(2562047));
        assertThatThrownBy(() -> GoDuration.parse("2562048h")).hasMessage("time: invalid duration \"2562048h\"");
        assertThatThrownBy(() -> GoDuration.parse("1\u00e9")).hasMessage(
                "time: unknown unit \"\\xc3\\xa9\" in duration \"1\\xc3\\xa9\"");
        assertThatThrownBy(() -> GoDuration.parse("")).hasMessage("time: invalid duration \"\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "t", "T", "TRUE", "true", "True"})
    void goTrue(String s) {
        assertThat(GoStrconv.parseBool(s)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "f", "F", "FALSE", "false", "False"})
    void goFalse(String s) {
        assertThat(GoStrconv.parseBool(s)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "tRUE", "", "2", " true"})
    void notAGoBool(String s) {
        assertThatThrownBy(() -> GoStrconv.parseBool(s)).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void unsignedIntegers() {
        assertThat(GoStrconv.parseUint("4294967295", 10, 32)).isEqualTo(4294967295L);
        assertThat(GoStrconv.parseUint("37777777777", 8, 32)).isEqualTo(4294967295L);
        for (String bad : List.of("", "+1", "-1", "1_0", "0x1", "\u0661", "40000000000")) {
            assertThatThrownBy(() -> GoStrconv.parseUint(bad, 8, 32)).as(bad).isInstanceOf(NumberFormatException.class);
        }
        assertThatThrownBy(() -> GoStrconv.parseUint("4294967296", 10, 32))
                .hasMessage("strconv.ParseUint: parsing \"4294967296\": value out of range");
    }

    @Test
    void signedIntegers() {
        assertThat(GoStrconv.parseInt("-2147483648", 32)).isEqualTo(-2147483648L);
        assertThat(GoStrconv.parseInt("+7", 32)).isEqualTo(7);
        assertThatThrownBy(() -> GoStrconv.parseInt("2147483648", 32))
                .hasMessage("strconv.ParseInt: parsing \"2147483648\": value out of range");
        assertThatThrownBy(() -> GoStrconv.parseInt("-", 32))
                .hasMessage("strconv.ParseInt: parsing \"-\": invalid syntax");
    }

    @Test
    void quotesAsGo() {
        assertThat(GoQuote.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(GoQuote.quote("a\nb\tc\u0001")).isEqualTo("\"a\\nb\\tc\\x01\"");
        assertThat(GoQuote.quote("h\u00e9")).isEqualTo("\"h\u00e9\"");
    }

}
