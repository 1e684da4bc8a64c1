package org.jbuildkit.daemon.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerfileLoaderTest {

    @Test
    void theDockerfileIsLoadedFromTheDockerfileLocalAsUpstreamsInternalStep() throws Exception {
        FakeBridge bridge = new FakeBridge(Map.of("dockerfile", Map.of("linux/my-app.docker", "FROM busybox\n")));
        DockerfileSource source = new DockerfileLoader(bridge, "sess1").dockerfile(
                DockerfileLocals.from(Map.of("filename", "linux/my-app.docker")));
        assertThat(new String(source.content(), StandardCharsets.UTF_8)).isEqualTo("FROM busybox\n");
        assertThat(source.filename()).isEqualTo("linux/my-app.docker");
        assertThat(source.ownDockerignore()).isEmpty();
        assertThat(bridge.names).containsExactly("[internal] load build definition from linux/my-app.docker");
        assertThat(bridge.solved.get(0).getAttrsMap()).containsEntry("local.includepattern",
                "[\"linux/my-app.docker\",\"linux/my-app.docker.dockerignore\"]")
                .containsEntry("local.sharedkeyhint", "dockerfile").containsEntry("local.session", "sess1")
                .containsEntry("local.differ", "none");
    }

    @Test
    void aLowerCaseDockerfileIsAcceptedForTheDefaultName() throws Exception {
        FakeBridge bridge = new FakeBridge(Map.of("dockerfile", Map.of("dockerfile", "FROM scratch\n")));
        DockerfileSource source = new DockerfileLoader(bridge, "s").dockerfile(DockerfileLocals.from(Map.of()));
        assertThat(new String(source.content(), StandardCharsets.UTF_8)).isEqualTo("FROM scratch\n");
        assertThat(bridge.solved.get(0).getAttrsMap().get("local.includepattern"))
                .isEqualTo("[\"Dockerfile\",\"Dockerfile.dockerignore\",\"dockerfile\"]");
    }

    @Test
    void theDockerfilesOwnIgnoreFileIsReadWithIt() throws Exception {
        FakeBridge bridge = new FakeBridge(Map.of("dockerfile", Map.of("app.docker", "FROM scratch\n",
                "app.docker.dockerignore", "secret\n")));
        DockerfileSource source = new DockerfileLoader(bridge, "s").dockerfile(
                DockerfileLocals.from(Map.of("filename", "app.docker")));
        assertThat(source.ownDockerignore()).hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("secret\n"));
    }

    @Test
    void aMissingDockerfileNamesTheFileTheLocalAndTheFix() {
        FakeBridge bridge = new FakeBridge(Map.of("dockerfile", Map.of("Dockerfile.txt", "")));
        assertThatThrownBy(() -> new DockerfileLoader(bridge, "s").dockerfile(
                DockerfileLocals.from(Map.of("filename", "sub/Dockerfile"))))
                .isInstanceOf(FrontendException.class)
                .hasMessageContaining("open sub/Dockerfile: no such file or directory")
                .hasMessageContaining("local directory 'dockerfile'")
                .hasMessageContaining("--local dockerfile=")
                .hasMessageContaining("--opt filename=");
    }

    @Test
    void theContextsDockerignoreIsLoadedFromTheContextLocal() throws Exception {
        FakeBridge bridge = new FakeBridge(Map.of("context", Map.of(".dockerignore", "# comment\n*.log\n!keep.log\n")));
        DockerfileLoader loader = new DockerfileLoader(bridge, "s");
        byte[] ignore = loader.contextDockerignore(DockerfileLocals.from(Map.of()));
        assertThat(DockerfileLoader.excludes(ignore, ".dockerignore")).containsExactly("*.log", "!keep.log");
        assertThat(bridge.names).containsExactly("[internal] load .dockerignore");
        assertThat(bridge.solved.get(0).getAttrsMap()).containsEntry("local.includepattern", "[\".dockerignore\"]")
                .containsEntry("local.sharedkeyhint", "context-.dockerignore").containsEntry("local.differ", "none");
    }

    @Test
    void aContextWithoutDockerignoreExcludesNothing() throws Exception {
        FakeBridge bridge = new FakeBridge(Map.of("context", Map.of()));
        byte[] ignore = new DockerfileLoader(bridge, "s").contextDockerignore(DockerfileLocals.from(Map.of()));
        assertThat(DockerfileLoader.excludes(ignore, ".dockerignore")).isEmpty();
    }
}
