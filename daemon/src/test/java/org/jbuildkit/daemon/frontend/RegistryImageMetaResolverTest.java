package org.jbuildkit.daemon.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import org.jbuildkit.daemon.solver.ProgressSink;
import org.jbuildkit.daemon.solver.SessionGroup;
import org.jbuildkit.dockerfile.ImageMetaResolver;
import org.jbuildkit.llb.ImageOptions;
import org.jbuildkit.llb.Platform;
import org.jbuildkit.registry.reference.ImageReference;
import org.junit.jupiter.api.Test;

class RegistryImageMetaResolverTest {

    @Test
    void theResolvedNameIsNormalizedWithItsTagAndWithoutADigest() {
        assertThat(RegistryImageMetaResolver.nameWithoutDigest(ImageReference.parse("busybox")))
                .isEqualTo("docker.io/library/busybox:latest");
        assertThat(RegistryImageMetaResolver.nameWithoutDigest(ImageReference.parse("127.0.0.1:5000/busybox:1.36")))
                .isEqualTo("127.0.0.1:5000/busybox:1.36");
        String digest = "sha256:" + "a".repeat(64);
        assertThat(RegistryImageMetaResolver.nameWithoutDigest(ImageReference.parse("alpine@" + digest)))
                .isEqualTo("docker.io/library/alpine");
        assertThat(RegistryImageMetaResolver.nameWithoutDigest(ImageReference.parse("alpine:3@" + digest)))
                .isEqualTo("docker.io/library/alpine:3");
    }

    @Test
    void theLlbPlatformBecomesTheRegistrysNormalizedOne() {
        assertThat(RegistryImageMetaResolver.registryPlatform(new Platform("linux", "arm64", "")).toString())
                .isEqualTo(org.jbuildkit.registry.image.Platform.parse("linux/arm64").toString());
        assertThat(RegistryImageMetaResolver.registryPlatform(Platform.LINUX_AMD64).architecture()).isEqualTo("amd64");
    }

    @Test
    void aReferenceThatIsNoImageNameIsRefusedBeforeAnyRegistryIsAsked() {
        RegistryImageMetaResolver resolver = new RegistryImageMetaResolver(null, null, SessionGroup.NONE,
                ProgressSink.NONE, Clock.systemUTC());
        assertThatThrownBy(() -> resolver.resolve("Not A Ref!", Platform.LINUX_AMD64, ImageOptions.ResolveMode.DEFAULT))
                .isInstanceOf(ImageMetaResolver.DockerfileResolveException.class)
                .hasMessageContaining("invalid image reference 'Not A Ref!'");
    }
}
