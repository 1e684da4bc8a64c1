package org.jbuildkit.dockerfile.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.SourceOp;
import org.jbuildkit.dockerfile.Conversion;
import org.jbuildkit.dockerfile.ConvertOptions;
import org.jbuildkit.dockerfile.DockerfileConverter;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.llb.LlbDefinition;
import org.jbuildkit.llb.LlbVertex;
import org.jbuildkit.llb.Platform;
import org.junit.jupiter.api.Test;

/** {@code --opt context:NAME=} with git and http(s) sources, and oci-layout refused, as upstream's NamedContext. */
class NamedContextSourcesTest {

    private static final String BB = "127.0.0.1:5000/busybox:latest";
    private static final String COPY_FROM = "FROM " + BB + "\nCOPY --from=src / /src\n";

    private final BusyboxResolver resolver = new BusyboxResolver();

    private Conversion convert(String dockerfile, Map<String, String> attrs) throws Exception {
        return DockerfileConverter.convert(dockerfile.getBytes(StandardCharsets.UTF_8),
                new ConvertOptions("Dockerfile", attrs, List.of(), Platform.LINUX_AMD64, ""), resolver);
    }

    private static List<LlbVertex> sources(Conversion c) {
        return LlbDefinition.parse(c.definition()).vertices().stream().filter(v -> v.op().hasSource()).toList();
    }

    private static SourceOp source(Conversion c, String prefix) {
        return sources(c).stream().map(v -> v.op().getSource()).filter(s -> s.getIdentifier().startsWith(prefix))
                .findFirst().orElseThrow(() -> new AssertionError("no " + prefix + " source in " + sources(c)));
    }

    private static String customName(Conversion c, String prefix) {
        return sources(c).stream().filter(v -> v.op().getSource().getIdentifier().startsWith(prefix)).findFirst()
                .orElseThrow().metadata().getDescriptionMap().get("llb.customname");
    }


    @Test
    void aGitDaemonUrlWithRefAndSubdirIsAGitSource() throws Exception {
        Conversion c = convert(COPY_FROM, Map.of("context:src", "git://127.0.0.1:9418/repo.git#v1:sub/dir"));
        SourceOp git = source(c, "git://");
        assertThat(git.getIdentifier()).isEqualTo("git://127.0.0.1:9418/repo.git#v1:sub/dir");
        assertThat(git.getAttrsMap()).containsEntry("git.fullurl", "git://127.0.0.1:9418/repo.git");
        assertThat(customName(c, "git://"))
                .isEqualTo("[internal] load git source git://127.0.0.1:9418/repo.git#v1:sub/dir");
    }

    @Test
    void anHttpsUrlEndingInDotGitIsAGitSource() throws Exception {
        Conversion c = convert(COPY_FROM, Map.of("context:src", "https://example.com/org/repo.git#main"));
        assertThat(source(c, "git://").getIdentifier()).isEqualTo("git://example.com/org/repo.git#main");
        assertThat(source(c, "git://").getAttrsMap()).containsEntry("git.fullurl", "https://example.com/org/repo.git");
    }

    @Test
    void anScpLikeGitAtUrlIsAGitSource() throws Exception {
        Conversion c = convert(COPY_FROM, Map.of("context:src", "git@example.com:org/repo.git#dev"));
        assertThat(source(c, "git://").getAttrsMap()).containsEntry("git.fullurl", "git@example.com:org/repo.git");
    }

    @Test
    void anyOtherHttpsUrlIsAFileNamedContext() throws Exception {
        Conversion c = convert(COPY_FROM, Map.of("context:src", "https://example.com/files/app.tar.gz"));
        SourceOp http = source(c, "https://");
        assertThat(http.getIdentifier()).isEqualTo("https://example.com/files/app.tar.gz");
        assertThat(http.getAttrsMap()).containsEntry("http.filename", "context");
        assertThat(customName(c, "https://")).isEqualTo("[context src] https://example.com/files/app.tar.gz");
    }

    @Test
    void aGitContextCanBeAStageBase() throws Exception {
        Conversion c = convert("FROM base\nRUN ls\n", Map.of("context:base", "git://127.0.0.1/r.git"));
        assertThat(source(c, "git://").getIdentifier()).isEqualTo("git://127.0.0.1/r.git");
        assertThat(resolver.asked).isEmpty();
        assertThat(LlbDefinition.parse(c.definition()).vertices()).extracting(LlbVertex::op).anyMatch(Op::hasExec);
    }

    @Test
    void ociLayoutIsRefusedWithTheWayAround() {
        assertThatThrownBy(() -> convert(COPY_FROM, Map.of("context:src",
                "oci-layout:///tmp/layout@sha256:" + "a".repeat(64))))
                .isInstanceOf(DockerfileException.class)
                .hasMessageContaining("oci-layout:// contexts are not supported yet")
                .hasMessageContaining("docker-image://")
                .satisfies(e -> assertThat(((DockerfileException) e).ranges()).isNotEmpty());
    }

    @Test
    void anUnknownKindListsTheSupportedOnes() {
        assertThatThrownBy(() -> convert(COPY_FROM, Map.of("context:src", "ftp://example.com/x")))
                .isInstanceOf(DockerfileException.class)
                .hasMessageContaining("unsupported context source ftp for src")
                .hasMessageContaining("git URL");
    }

    @Test
    void anSshUrlIsNotAContextKindAsUpstream() {
        assertThatThrownBy(() -> convert(COPY_FROM, Map.of("context:src", "ssh://git@example.com/repo.git")))
                .isInstanceOf(DockerfileException.class)
                .hasMessageContaining("unsupported context source ssh for src");
    }
}
