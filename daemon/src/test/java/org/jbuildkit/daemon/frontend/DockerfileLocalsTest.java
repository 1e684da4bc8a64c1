package org.jbuildkit.daemon.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerfileLocalsTest {

    @Test
    void defaultsAreUpstreams() {
        DockerfileLocals locals = DockerfileLocals.from(Map.of());
        assertThat(locals).isEqualTo(new DockerfileLocals("Dockerfile", "dockerfile", "context"));
        assertThat(locals.ownDockerignore()).isEqualTo("Dockerfile.dockerignore");
        assertThat(locals.lowerCaseVariant()).isEqualTo("dockerfile");
    }

    @Test
    void filenameMayBeAPathInsideTheDockerfileLocal() {
        DockerfileLocals locals = DockerfileLocals.from(Map.of("filename", "sub/Dockerfile"));
        assertThat(locals.lowerCaseVariant()).isEqualTo("sub/dockerfile");
        DockerfileLocals other = DockerfileLocals.from(Map.of("filename", "my-app.docker"));
        assertThat(other.ownDockerignore()).isEqualTo("my-app.docker.dockerignore");
        assertThat(other.lowerCaseVariant()).isNull();
    }

    @Test
    void localNamesComeFromContextkeyAndDockerfilekey() {
        assertThat(DockerfileLocals.from(Map.of("contextkey", "src", "dockerfilekey", "df")))
                .isEqualTo(new DockerfileLocals("Dockerfile", "df", "src"));
    }
}
