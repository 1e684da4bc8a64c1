package org.jbuildkit.dockerfile.instructions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InstructionFlagsTest {

    private static InstructionFlags copy() {
        return InstructionFlags.of("COPY");
    }

    @Test
    void defaultsWhenNoFlagIsWritten() throws Exception {
        ParsedFlags f = copy().parse(List.of());
        assertThat(f.string("from")).isEmpty();
        assertThat(f.bool("link")).isFalse();
        assertThat(f.strings("exclude")).isEmpty();
        assertThat(f.used()).isEmpty();
        assertThat(InstructionFlags.of("run").parse(List.of()).string("network")).isEqualTo("default");
        assertThat(InstructionFlags.of("RUN").parse(List.of()).string("security")).isEqualTo("sandbox");
    }

    @Test
    void stringBoolAndRepeatableFlagsAreRead() throws Exception {
        ParsedFlags f = copy().parse(List.of("--from=build", "--link", "--exclude=*.md", "--exclude=tmp/",
                "--parents=false", "--chown=1000:1000"));
        assertThat(f.string("from")).isEqualTo("build");
        assertThat(f.string("chown")).isEqualTo("1000:1000");
        assertThat(f.bool("link")).isTrue();
        assertThat(f.bool("parents")).isFalse();
        assertThat(f.isUsed("parents")).isTrue();
        assertThat(f.isUsed("chmod")).isFalse();
        assertThat(f.strings("exclude")).containsExactly("*.md", "tmp/");
        assertThat(f.used()).containsExactly("from", "link", "exclude", "parents", "chown");
    }

    static Stream<Arguments> boolValues() {
        return Stream.of(Arguments.of("--link", true), Arguments.of("--link=true", true),
                Arguments.of("--link=TRUE", true), Arguments.of("--link=True", true),
                Arguments.of("--link=false", false), Arguments.of("--link=FaLsE", false));
    }

    @ParameterizedTest
    @MethodSource("boolValues")
    void boolFlagsTakeTrueOrFalseInAnyCase(String flag, boolean expected) throws Exception {
        assertThat(copy().parse(List.of(flag)).bool("link")).isEqualTo(expected);
    }

    @Test
    void stringValueMayBeEmptyAndKeepsEqualsSigns() throws Exception {
        ParsedFlags f = copy().parse(List.of("--from=", "--chmod=a=b"));
        assertThat(f.string("from")).isEmpty();
        assertThat(f.string("chmod")).isEqualTo("a=b");
    }

    @Test
    void doubleDashEndsTheFlags() throws Exception {
        ParsedFlags f = copy().parse(List.of("--link", "--", "--bogus", "x"));
        assertThat(f.bool("link")).isTrue();
        assertThat(f.used()).containsExactly("link");
    }

    @Test
    void argAndStopsignalIgnoreFlagsAsUpstream() throws Exception {
        assertThat(InstructionFlags.of("ARG").parse(List.of("--whatever=1", "nodash")).used()).isEmpty();
        assertThat(InstructionFlags.of("STOPSIGNAL").parse(List.of("--x")).used()).isEmpty();
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("COPY", List.of("--bogus"),
                        "unknown flag: --bogus (COPY accepts --chmod, --chown, --exclude, --from, --link, --parents)"),
                Arguments.of("COPY", List.of("--form=a"),
                        "unknown flag: --form (did you mean from?); COPY accepts --chmod, --chown, --exclude, --from,"
                                + " --link, --parents"),
                Arguments.of("RUN", List.of("--mont=type=bind"),
                        "unknown flag: --mont (did you mean mount?); RUN accepts --device, --mount, --network,"
                                + " --security"),
                Arguments.of("ENV", List.of("--x=1"), "unknown flag: --x (ENV accepts no flags)"),
                Arguments.of("ADD", List.of("--from=a"),
                        "unknown flag: --from (ADD accepts --checksum, --chmod, --chown, --exclude, --keep-git-dir,"
                                + " --link, --unpack)"),
                Arguments.of("COPY", List.of("--from=a", "--from=b"),
                        "duplicate flag specified: --from (give --from once per COPY)"),
                Arguments.of("COPY", List.of("--link", "--link=false"),
                        "duplicate flag specified: --link (give --link once per COPY)"),
                Arguments.of("COPY", List.of("--from"), "missing a value on flag: --from (write --from=VALUE)"),
                Arguments.of("COPY", List.of("--exclude"),
                        "missing a value on flag: --exclude (write --exclude=VALUE; repeat the flag for more)"),
                Arguments.of("COPY", List.of("--link="),
                        "missing a value on flag: --link (write --link, --link=true or --link=false)"),
                Arguments.of("COPY", List.of("--link=yes"),
                        "expecting boolean value for flag --link, not: yes (write --link=true or --link=false)"),
                Arguments.of("COPY", List.of("-link"),
                        "arg should start with -- : -link (flags of COPY are written --name or --name=value)"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void refusesAsUpstream(String instruction, List<String> flags, String message) {
        assertThatThrownBy(() -> InstructionFlags.of(instruction).parse(flags))
                .isInstanceOf(InstructionFlagException.class).hasMessage(message);
    }

    @Test
    void declaringAFlagTwiceIsAProgrammingError() {
        assertThatThrownBy(() -> InstructionFlags.builder("X").bool("a", false).string("a", ""))
                .isInstanceOf(IllegalStateException.class).hasMessage("Duplicate flag defined: a");
    }

    @Test
    void askingForAnUndeclaredFlagIsAProgrammingError() throws Exception {
        ParsedFlags f = copy().parse(List.of());
        assertThatThrownBy(() -> f.string("platform")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("COPY declares no flag --platform");
    }

    @Test
    void eachInstructionDeclaresUpstreamsFlags() {
        assertThat(InstructionFlags.of("FROM").accepted()).containsExactly("platform");
        assertThat(InstructionFlags.of("HEALTHCHECK").accepted())
                .containsExactly("interval", "retries", "start-interval", "start-period", "timeout");
        assertThat(InstructionFlags.of("WORKDIR").accepted()).isEmpty();
    }
}
