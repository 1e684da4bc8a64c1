package org.jbuildkit.dockerfile.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which {@code # syntax=} images the built-in frontend serves. */
class SyntaxDirectiveTest {

    @ParameterizedTest
    @ValueSource(strings = {"docker/dockerfile:1", "docker/dockerfile:1.7-labs", "docker.io/docker/dockerfile:1",
        "docker/dockerfile-upstream:master", "docker/dockerfile",
        "docker/dockerfile:1@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void officialSyntaxImagesAreBuiltIn(String syntax) throws Exception {
        assertThat(SyntaxDirective.check(syntax)).get().asString()
                .isEqualTo("# syntax=" + syntax + " is served by jbuildkit's built-in Dockerfile frontend; no image "
                        + "is pulled");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tonistiigi/dockerfile:runmount", "example.com/docker/dockerfile:1",
        "docker/dockerfilex:1"})
    void otherSyntaxImagesAreRefused(String syntax) {
        assertThatThrownBy(() -> SyntaxDirective.check(syntax)).hasMessageContaining(syntax)
                .hasMessageContaining("external frontends are not supported yet");
    }
}
