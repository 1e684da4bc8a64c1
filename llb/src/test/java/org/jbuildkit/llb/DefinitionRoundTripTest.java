package org.jbuildkit.llb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.jbuildkit.api.DeterministicProto;
import org.jbuildkit.api.pb.Definition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every upstream definition parses, keeps its digests, re-marshals to the same bytes and dumps as upstream does. */
class DefinitionRoundTripTest {

    static Iterable<String> cases() {
        return UpstreamCases.ALL;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void parseThenRemarshalGivesUpstreamBytes(String caseName) {
        byte[] original = UpstreamCases.bytes(caseName, "llb.pb");
        LlbDefinition parsed = LlbDefinition.parse(original);
        Definition rebuilt = parsed.rebuild();
        assertThat(HexFormat.of().formatHex(DeterministicProto.marshal(rebuilt)))
                .isEqualTo(HexFormat.of().formatHex(original));
        assertThat(parsed.head()).isPresent();
        assertThat(parsed.vertex(parsed.head().orElseThrow())).isPresent();
        for (LlbVertex v : parsed.vertices()) {
            assertThat(DeterministicProto.marshal(v.op())).as("op %s re-marshals to its own bytes", v.digest())
                    .isEqualTo(v.bytes());
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void jsonDumpIsByteIdenticalToUpstreamDumpLlb(String caseName) {
        LlbDefinition parsed = LlbDefinition.parse(UpstreamCases.bytes(caseName, "llb.pb"));
        String expected = new String(UpstreamCases.bytes(caseName, "llb.json"), StandardCharsets.UTF_8);
        assertThat(JsonRenderer.render(parsed)).isEqualTo(expected);
    }
}
