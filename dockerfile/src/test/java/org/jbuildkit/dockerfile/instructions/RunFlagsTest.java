package org.jbuildkit.dockerfile.instructions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RunFlagsTest {

    @Test
    void defaultsAreDefaultNetworkAndSandbox() throws Exception {
        RunFlags f = RunFlags.parse(List.of(), WordExpander.NONE);
        assertThat(f).isEqualTo(new RunFlags(List.of(), NetworkMode.DEFAULT, SecurityFlag.SANDBOX, List.of(),
                List.of()));
    }

    @Test
    void everyFlagIsRead() throws Exception {
        RunFlags f = RunFlags.parse(List.of("--network=none", "--mount=type=cache,target=/c",
                "--security=insecure", "--mount=type=secret,id=s", "--device=nvidia.com/gpu=all,required"),
                WordExpander.NONE);
        assertThat(f.network()).isEqualTo(NetworkMode.NONE);
        assertThat(f.security()).isEqualTo(SecurityFlag.INSECURE);
        assertThat(f.mounts()).extracting(RunMount::type).containsExactly(MountType.CACHE, MountType.SECRET);
        assertThat(f.devices()).containsExactly(new RunDevice("nvidia.com/gpu=all", true));
        assertThat(f.flagsUsed()).containsExactly("network", "mount", "security", "device");
        assertThat(RunFlags.parse(List.of("--network=host"), WordExpander.NONE).network()).isEqualTo(NetworkMode.HOST);
    }

    @Test
    void mountValuesAreExpandedButNetworkIsNot() throws Exception {
        WordExpander upper = word -> word.equals("$T") ? "/t" : word;
        RunFlags f = RunFlags.parse(List.of("--mount=type=tmpfs,target=$T"), upper);
        assertThat(f.mounts().get(0).target()).isEqualTo("/t");
        assertThatThrownBy(() -> RunFlags.parse(List.of("--network=$NET"), word -> "none"))
                .hasMessage("invalid network mode \"$NET\" (use --network=default, --network=none, --network=host)");
    }

    @Test
    void mountSyntaxIsCheckedBeforeNetworkAsUpstreamDoesAtParseTime() {
        assertThatThrownBy(() -> RunFlags.parse(List.of("--network=bridge", "--mount=from=$X"), WordExpander.NONE))
                .hasMessageStartingWith("'from' doesn't support variable expansion");
        assertThatThrownBy(() -> RunFlags.parse(List.of("--network=bridge", "--mount=type=nope"), WordExpander.NONE))
                .hasMessageStartingWith("invalid network mode \"bridge\"");
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("--network=bridge", "invalid network mode \"bridge\" (use --network=default,"
                        + " --network=none, --network=host)"),
                Arguments.of("--network=NONE", "invalid network mode \"NONE\" (use --network=default,"
                        + " --network=none, --network=host)"),
                Arguments.of("--security=privileged", "security \"privileged\" is not valid (use --security=sandbox"
                        + " or --security=insecure)"),
                Arguments.of("--mount", "missing a value on flag: --mount (write --mount=VALUE; repeat the flag for"
                        + " more)"),
                Arguments.of("--device=a,b", "invalid field 'b' must be a key=value pair (the device is already named"
                        + " a)"),
                Arguments.of("--device=name=a,name=b", "device name already set to a (give one name per --device)"),
                Arguments.of("--device=a,required=maybe", "invalid value for required: maybe (use true or false)"),
                Arguments.of("--device=a,nam=b", "unexpected key 'nam' in 'nam=b' (did you mean name?)"),
                Arguments.of("--device=a,\"b", "failed to parse csv devices: parse error on line 1, column 4:"
                        + " extraneous or missing \" in quoted-field (quote a whole field and double any quote inside"
                        + " it)"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void refusesAsUpstream(String flag, String message) {
        assertThatThrownBy(() -> RunFlags.parse(List.of(flag), WordExpander.NONE))
                .isInstanceOf(InstructionFlagException.class).hasMessage(message);
    }

    @Test
    void deviceForms() throws Exception {
        assertThat(RunDevice.parse("name=vendor.com/gpu=0")).isEqualTo(new RunDevice("vendor.com/gpu=0", false));
        assertThat(RunDevice.parse("required,vendor.com/gpu")).isEqualTo(new RunDevice("vendor.com/gpu", true));
        assertThat(RunDevice.parse("vendor.com/gpu,REQUIRED=false")).isEqualTo(new RunDevice("vendor.com/gpu", false));
    }
}
