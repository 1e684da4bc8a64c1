package org.jbuildkit.daemon.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jbuildkit.api.errdefs.Source;
import org.jbuildkit.daemon.solver.BuildWarning;
import org.jbuildkit.dockerfile.BuildCheck;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.SourceRange;
import org.junit.jupiter.api.Test;

class DockerfileSourceInfoTest {
    private static final byte[] DOCKERFILE = "FROM busybox\nENV a b\nRUNN x\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void aConverterErrorCarriesTheDockerfileAndItsLinesAsUpstreamsSourceDetail() {
        FrontendException e = DockerfileSourceInfo.error(new DockerfileException(
                "dockerfile parse error on line 3: unknown instruction: RUNN", "linux/my-app.docker", DOCKERFILE,
                List.of(SourceRange.line(3))));
        assertThat(e.getMessage()).isEqualTo("dockerfile parse error on line 3: unknown instruction: RUNN");
        Source source = e.source().orElseThrow();
        assertThat(source.getInfo().getFilename()).isEqualTo("linux/my-app.docker");
        assertThat(source.getInfo().getLanguage()).isEqualTo("Dockerfile");
        assertThat(source.getInfo().getData().toByteArray()).isEqualTo(DOCKERFILE);
        assertThat(source.getRangesList()).singleElement().satisfies(r -> {
            assertThat(r.getStart().getLine()).isEqualTo(3);
            assertThat(r.getEnd().getLine()).isEqualTo(3);
        });
    }

    @Test
    void aBuildCheckIsAWarningWordedAsUpstreamsLintWithItsLines() {
        BuildCheck check = new BuildCheck("LegacyKeyValueFormat",
                "\"ENV key=value\" should be used instead of legacy \"ENV key value\" format",
                "Legacy key/value format with whitespace separator should not be used",
                "https://docs.docker.com/go/dockerfile/rule/legacy-key-value-format/",
                List.of(new SourceRange(2, 0, 2, 7)));
        BuildWarning warning = DockerfileSourceInfo.warning(check, DockerfileSourceInfo.info("Dockerfile",
                DOCKERFILE));
        assertThat(warning.summary()).isEqualTo("LegacyKeyValueFormat: \"ENV key=value\" should be used instead of"
                + " legacy \"ENV key value\" format (line 2)");
        assertThat(warning.detail()).containsExactly(
                "Legacy key/value format with whitespace separator should not be used");
        assertThat(warning.url()).isEqualTo("https://docs.docker.com/go/dockerfile/rule/legacy-key-value-format/");
        assertThat(warning.sourceInfo()).hasValueSatisfying(info -> assertThat(info.getFilename())
                .isEqualTo("Dockerfile"));
        assertThat(warning.ranges()).singleElement().satisfies(r -> {
            assertThat(r.getStart().getLine()).isEqualTo(2);
            assertThat(r.getEnd().getCharacter()).isEqualTo(7);
        });
    }
}
