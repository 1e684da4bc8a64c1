package org.jbuildkit.dockerfile.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jbuildkit.api.pb.FileActionCopy;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.dockerfile.Conversion;
import org.jbuildkit.dockerfile.ConvertOptions;
import org.jbuildkit.dockerfile.DockerfileConverter;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.llb.LlbDefinition;
import org.jbuildkit.llb.LlbVertex;
import org.jbuildkit.llb.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** COPY/ADD --chmod in symbolic form and COPY --parents' required paths, as upstream's dispatchCopy writes them. */
class CopyExtrasConversionTest {

    private static final String BB = "127.0.0.1:5000/busybox:latest";

    private static Conversion convert(String dockerfile) throws Exception {
        return DockerfileConverter.convert(dockerfile.getBytes(StandardCharsets.UTF_8),
                new ConvertOptions("Dockerfile", Map.of(), List.of(), Platform.LINUX_AMD64, ""),
                new BusyboxResolver());
    }

    private static List<LlbVertex> fileVertices(Conversion c) {
        return LlbDefinition.parse(c.definition()).vertices().stream().filter(v -> v.op().hasFile()).toList();
    }

    private static List<FileActionCopy> copies(Conversion c) {
        return fileVertices(c).stream().flatMap(v -> v.op().getFile().getActionsList().stream())
                .filter(a -> a.hasCopy()).map(a -> a.getCopy()).toList();
    }

    @Test
    void aSymbolicChmodIsSentAsModeStrWithTheModeStringCap() throws Exception {
        Conversion c = convert("FROM " + BB + "\nCOPY --chmod=u+x,go-w run.sh /bin/\n");
        FileActionCopy copy = copies(c).get(0);
        assertThat(copy.getModeStr()).isEqualTo("u+x,go-w");
        assertThat(copy.getMode()).isZero();
        assertThat(fileVertices(c).get(0).metadata().getCapsMap()).containsKey("file.copy.modestring");
    }

    @Test
    void anOctalChmodStaysNumeric() throws Exception {
        FileActionCopy copy = copies(convert("FROM " + BB + "\nCOPY --chmod=0750 run.sh /bin/\n")).get(0);
        assertThat(copy.getMode()).isEqualTo(0750);
        assertThat(copy.getModeStr()).isEmpty();
    }

    @Test
    void aSymbolicChmodIsExpandedFromArgsAndAppliesToHeredocsAndUrls() throws Exception {
        Conversion c = convert("FROM " + BB + "\nARG M=a=rX\nCOPY --chmod=$M <<EOF /doc\nhi\nEOF\n"
                + "ADD --chmod=u+x https://example.com/tool /usr/bin/tool\n");
        assertThat(copies(c)).extracting(FileActionCopy::getModeStr).containsExactly("a=rX", "u+x");
    }

    @Test
    void aSymbolicChmodWithLinkIsNotLinked() throws Exception {
        Conversion c = convert("FROM " + BB + "\nCOPY --link --chmod=g-w a /a\n");
        assertThat(LlbDefinition.parse(c.definition()).vertices()).noneMatch(v -> v.op().hasMerge());
        assertThat(copies(c).get(0).getModeStr()).isEqualTo("g-w");
    }

    @Test
    void aBadSymbolicChmodIsRefusedAtTheLine() {
        assertThatThrownBy(() -> convert("FROM " + BB + "\nCOPY --chmod=u+z a /a\n"))
                .isInstanceOf(DockerfileException.class).hasMessageContaining("invalid chmod parameter: 'u+z'")
                .satisfies(e -> assertThat(((DockerfileException) e).ranges()).isNotEmpty());
    }

    @ParameterizedTest(name = "COPY --parents {0}: include {1}, required {2}")
    @CsvSource(delimiter = '|', value = {
        "foo1/foo2/bar|/|foo1/foo2/bar|/foo1/foo2/bar",
        "/test/a/b/./c/d|/test/a/b|c/d|/test/a/b/c/d",
        "a/./b|/a|b|/a/b",
        "foo1/foo2/ba*|/|foo1/foo2/ba*|",
        "/test/a/b2*/c|/|test/a/b2*/c|",
        "/test/a/b/./c2*|/test/a/b|c2*|",
    })
    void parentsRequireThePathOnlyWithoutWildcards(String src, String from, String include, String required)
            throws Exception {
        FileActionCopy copy = copies(convert("FROM " + BB + "\nCOPY --parents " + src + " /out/\n")).get(0);
        assertThat(copy.getSrc()).isEqualTo(from);
        assertThat(copy.getIncludePatternsList()).containsExactly(include);
        if (required == null) {
            assertThat(copy.getRequiredPathsList()).isEmpty();
        } else {
            assertThat(copy.getRequiredPathsList()).containsExactly(required);
        }
    }

    @Test
    void requiredPathsCarryTheirCapAndPlainCopiesHaveNone() throws Exception {
        Conversion c = convert("FROM " + BB + "\nCOPY --parents a/b /out/\nCOPY a/b /plain/\n");
        assertThat(fileVertices(c).get(0).metadata().getCapsMap()).containsKey("file.copy.requiredpaths");
        assertThat(copies(c).get(1).getRequiredPathsList()).isEmpty();
        assertThat(fileVertices(c).get(1).metadata().getCapsMap()).doesNotContainKey("file.copy.requiredpaths");
    }

    @Test
    void parentsFromAnotherStageRequireThePathInThatStage() throws Exception {
        Conversion c = convert("FROM " + BB + " AS base\nRUN mkdir -p /test/a\nFROM " + BB
                + "\nCOPY --from=base --parents /test/nonexistent-file /out/\n");
        FileActionCopy copy = copies(c).get(0);
        assertThat(copy.getRequiredPathsList()).containsExactly("/test/nonexistent-file");
        assertThat(LlbDefinition.parse(c.definition()).vertices()).extracting(LlbVertex::op)
                .anyMatch(Op::hasExec);
    }
}
