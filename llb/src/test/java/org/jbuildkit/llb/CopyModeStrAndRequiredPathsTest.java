package org.jbuildkit.llb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jbuildkit.api.pb.FileActionCopy;
import org.junit.jupiter.api.Test;

/** A copy's symbolic mode and required paths reach {@code FileActionCopy} fields 15 and 16 with upstream's caps. */
class CopyModeStrAndRequiredPathsTest {

    private static final MarshalOptions OPTS = MarshalOptions.defaults().withDefaultPlatform(Platform.LINUX_AMD64)
            .withLocalUniqueId("fixed");

    private static LlbVertex fileVertex(CopyOptions o) {
        State st = Llb.scratch().file(FileActions.copy(Llb.local("context"), "/a", "/b", o));
        return LlbDefinition.parse(st.marshal(OPTS)).vertices().stream().filter(v -> v.op().hasFile())
                .findFirst().orElseThrow();
    }

    private static FileActionCopy copyOf(LlbVertex v) {
        return v.op().getFile().getActions(0).getCopy();
    }

    @Test
    void aSymbolicModeIsSentAsModeStrWithItsCapAndNoNumericMode() {
        LlbVertex v = fileVertex(CopyOptions.defaults().withModeStr("u+x,go-w"));
        assertThat(copyOf(v).getModeStr()).isEqualTo("u+x,go-w");
        assertThat(copyOf(v).getMode()).isZero();
        assertThat(v.metadata().getCapsMap()).containsKey("file.copy.modestring");
    }

    @Test
    void aNumericChmodAfterASymbolicOneReplacesIt() {
        LlbVertex v = fileVertex(CopyOptions.defaults().withModeStr("u+x").withChmod(0640));
        assertThat(copyOf(v).getModeStr()).isEmpty();
        assertThat(copyOf(v).getMode()).isEqualTo(0640);
        assertThat(v.metadata().getCapsMap()).doesNotContainKey("file.copy.modestring");
    }

    @Test
    void noModeKeepsTheSourceModesAsMinusOne() {
        LlbVertex v = fileVertex(CopyOptions.defaults());
        assertThat(copyOf(v).getMode()).isEqualTo(-1);
        assertThat(copyOf(v).getRequiredPathsList()).isEmpty();
        assertThat(v.metadata().getCapsMap()).doesNotContainKeys("file.copy.modestring", "file.copy.requiredpaths");
    }

    @Test
    void requiredPathsAreSentWithTheirCap() {
        LlbVertex v = fileVertex(CopyOptions.defaults().withIncludePatterns(List.of("x/y"))
                .withRequiredPaths(List.of("/a/x/y")));
        assertThat(copyOf(v).getRequiredPathsList()).containsExactly("/a/x/y");
        assertThat(v.metadata().getCapsMap()).containsKeys("file.copy.requiredpaths",
                "file.copy.includeexcludepatterns");
    }
}
