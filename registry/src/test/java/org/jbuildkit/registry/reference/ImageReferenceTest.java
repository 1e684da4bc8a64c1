package org.jbuildkit.registry.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {
    private static final String DIGEST = "sha256:5edc9980c63f78dece50ede472f0ff010bf8dfa8daba4f3d18f69b5ae9552201";

    @ParameterizedTest
    @CsvSource({
        "alpine, docker.io/library/alpine:latest, alpine:latest",
        "alpine:3.20, docker.io/library/alpine:3.20, alpine:3.20",
        "library/alpine, docker.io/library/alpine:latest, alpine:latest",
        "moby/buildkit:v0.11.6, docker.io/moby/buildkit:v0.11.6, moby/buildkit:v0.11.6",
        "index.docker.io/library/busybox, docker.io/library/busybox:latest, busybox:latest",
        "127.0.0.1:5000/busybox:latest, 127.0.0.1:5000/busybox:latest, 127.0.0.1:5000/busybox:latest",
        "localhost/app, localhost/app:latest, localhost/app:latest",
        "registry:5000/dev/test, registry:5000/dev/test:latest, registry:5000/dev/test:latest",
        "reg.ns.svc.cluster.local:5000/dev/test, reg.ns.svc.cluster.local:5000/dev/test:latest,"
                + " reg.ns.svc.cluster.local:5000/dev/test:latest",
        "[::1]:5000/a/b-c_d.e__f:t, [::1]:5000/a/b-c_d.e__f:t, [::1]:5000/a/b-c_d.e__f:t",
    })
    void normalizesAsDockerDoes(String input, String full, String familiar) {
        ImageReference ref = ImageReference.parse(input);
        assertThat(ref.toString()).isEqualTo(full);
        assertThat(ref.familiar()).isEqualTo(familiar);
    }

    @Test
    void keepsTagAndDigestTogether() {
        ImageReference ref = ImageReference.parse("127.0.0.1:5000/busybox:latest@" + DIGEST);
        assertThat(ref.registry()).isEqualTo("127.0.0.1:5000");
        assertThat(ref.repository()).isEqualTo("busybox");
        assertThat(ref.tag()).isEqualTo("latest");
        assertThat(ref.digest().toString()).isEqualTo(DIGEST);
        assertThat(ref.manifestReference()).isEqualTo(DIGEST);
        assertThat(ref.toString()).isEqualTo("127.0.0.1:5000/busybox:latest@" + DIGEST);
        assertThat(ImageReference.parse("busybox@" + DIGEST).toString())
                .isEqualTo("docker.io/library/busybox@" + DIGEST);
    }

    @Test
    void errorsPointAtTheBadCharacter() {
        assertThatThrownBy(() -> ImageReference.parse("127.0.0.1:5000/Busybox"))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining("uppercase letter 'B'")
                .hasMessageEndingWith("  127.0.0.1:5000/Busybox\n                 ^")
                .satisfies(e -> assertThat(((InvalidReferenceException) e).position()).isEqualTo(15));
        assertThatThrownBy(() -> ImageReference.parse("busybox:la$t"))
                .hasMessageContaining("'$' in the tag").hasMessageEndingWith("^")
                .satisfies(e -> assertThat(((InvalidReferenceException) e).position()).isEqualTo(10));
        assertThatThrownBy(() -> ImageReference.parse("busybox@sha256:abc"))
                .hasMessageContaining("invalid digest");
        assertThatThrownBy(() -> ImageReference.parse("reg:port/app")).hasMessageContaining("port that is not a number");
        assertThatThrownBy(() -> ImageReference.parse("a//b")).hasMessageContaining("empty path component");
        assertThatThrownBy(() -> ImageReference.parse("")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> ImageReference.parse("app:")).hasMessageContaining("empty tag");
        assertThatThrownBy(() -> ImageReference.parse("my app")).hasMessageContaining("' ' in the repository name");
    }
}
