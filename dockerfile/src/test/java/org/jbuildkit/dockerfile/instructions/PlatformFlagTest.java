package org.jbuildkit.dockerfile.instructions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.jbuildkit.llb.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlatformFlagTest {
    private static final Platform HOST = new Platform("linux", "amd64", "");

    static Stream<Arguments> platforms() {
        return Stream.of(
                Arguments.of("linux/amd64", "linux", "amd64", ""),
                Arguments.of("linux/x86_64", "linux", "amd64", ""),
                Arguments.of("linux/x86-64", "linux", "amd64", ""),
                Arguments.of("linux/amd64/v1", "linux", "amd64", ""),
                Arguments.of("linux/amd64/v3", "linux", "amd64", "v3"),
                Arguments.of("linux/aarch64", "linux", "arm64", ""),
                Arguments.of("linux/arm64/v8", "linux", "arm64", "v8"),
                Arguments.of("linux/arm64/8", "linux", "arm64", "v8"),
                Arguments.of("linux/arm64/v9.0", "linux", "arm64", "v9"),
                Arguments.of("linux/armhf", "linux", "arm", ""),
                Arguments.of("linux/arm", "linux", "arm", ""),
                Arguments.of("linux/arm/v7", "linux", "arm", "v7"),
                Arguments.of("linux/arm/7", "linux", "arm", "v7"),
                Arguments.of("linux/arm/6", "linux", "arm", "v6"),
                Arguments.of("linux/armel", "linux", "arm", "v6"),
                Arguments.of("linux/i386", "linux", "386", ""),
                Arguments.of("LINUX/AMD64", "linux", "amd64", ""),
                Arguments.of("macos/arm64", "darwin", "arm64", ""),
                Arguments.of("linux/riscv64", "linux", "riscv64", ""),
                Arguments.of("windows(10.0.17763)/amd64", "windows", "amd64", ""),
                Arguments.of("linux", "linux", "amd64", ""),
                Arguments.of("arm64", "linux", "arm64", ""),
                Arguments.of("aarch64", "linux", "arm64", ""),
                Arguments.of("armhf", "linux", "arm", ""),
                Arguments.of("linux/s390x", "linux", "s390x", ""));
    }

    @ParameterizedTest
    @MethodSource("platforms")
    void parsesAsContainerd(String spec, String os, String arch, String variant) throws Exception {
        assertThat(PlatformFlag.parse("$P", spec, HOST)).isEqualTo(new Platform(os, arch, variant));
    }

    @Test
    void oneOsPartTakesTheHostsArchitecture() throws Exception {
        assertThat(PlatformFlag.parse("linux", "linux", new Platform("linux", "arm", "v6")))
                .isEqualTo(new Platform("linux", "arm", "v6"));
        assertThat(PlatformFlag.parse("linux", "linux", new Platform("linux", "arm", "v7")))
                .isEqualTo(new Platform("linux", "arm", ""));
    }

    @Test
    void aSpecifierAloneParsesWithContainerdsMessage() throws Exception {
        assertThat(PlatformFlag.parse("linux/arm64", HOST)).isEqualTo(Platform.LINUX_ARM64);
        assertThatThrownBy(() -> PlatformFlag.parse("a/b/c/d", HOST)).isInstanceOf(InstructionFlagException.class)
                .hasMessage("\"a/b/c/d\": cannot parse platform specifier: invalid argument (write os/arch[/variant],"
                        + " e.g. linux/amd64 or linux/arm/v7)");
    }

    @Test
    void normalizeIsContainerds() {
        assertThat(PlatformFlag.normalize(new Platform("linux", "arm", ""))).isEqualTo(new Platform("linux", "arm", "v7"));
        assertThat(PlatformFlag.normalize(new Platform("linux", "arm64", "v8"))).isEqualTo(Platform.LINUX_ARM64);
        assertThat(PlatformFlag.normalize(new Platform("Linux", "x86_64", ""))).isEqualTo(Platform.LINUX_AMD64);
    }

    static Stream<Arguments> errors() {
        String fix = " (write os/arch[/variant], e.g. linux/amd64 or linux/arm/v7)";
        return Stream.of(
                Arguments.of("linux/*", "failed to parse platform $P: \"linux/*\": wildcards not yet supported:"
                        + " invalid argument" + fix),
                Arguments.of("linux/amd64/v2/x", "failed to parse platform $P: \"linux/amd64/v2/x\": cannot parse"
                        + " platform specifier: invalid argument" + fix),
                Arguments.of("linux/amd64/v2/x/y", "failed to parse platform $P: \"x/y\" is an invalid component of"
                        + " \"linux/amd64/v2/x/y\": platform specifier component must match \"^[A-Za-z0-9_.-]+$\":"
                        + " invalid argument" + fix),
                Arguments.of("linux/", "failed to parse platform $P: \"\" is an invalid component of \"linux/\":"
                        + " platform specifier component must match \"^[A-Za-z0-9_.-]+$\": invalid argument" + fix),
                Arguments.of("lin ux/amd64", "failed to parse platform $P: \"lin ux\" is an invalid OS component of"
                        + " \"lin ux/amd64\": OSAndVersion specifier component must match"
                        + " \"^([A-Za-z0-9_-]+)(?:\\\\(([A-Za-z0-9_.%-]*)((?:\\\\+[A-Za-z0-9_.%-]+)*)\\\\))?$\":"
                        + " invalid argument" + fix),
                Arguments.of("foo", "failed to parse platform $P: \"foo\": unknown operating system or architecture:"
                        + " invalid argument" + fix),
                Arguments.of("windows(1%zz)/amd64", "failed to parse platform $P: \"windows(1%zz)/amd64\" has an"
                        + " invalid OS version \"1%zz\": invalid URL escape \"%zz\"" + fix),
                Arguments.of("", "empty platform value from expression $P (set the build arg it uses, or remove"
                        + " --platform)"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void refusesAsUpstream(String spec, String message) {
        assertThatThrownBy(() -> PlatformFlag.parse("$P", spec, HOST)).isInstanceOf(InstructionFlagException.class)
                .hasMessage(message);
    }
}
