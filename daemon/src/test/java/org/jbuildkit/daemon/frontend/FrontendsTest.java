package org.jbuildkit.daemon.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jbuildkit.daemon.config.DockerfileFrontendConfig;
import org.jbuildkit.daemon.config.FrontendsConfig;
import org.jbuildkit.daemon.config.GatewayFrontendConfig;
import org.jbuildkit.llb.Platform;
import org.junit.jupiter.api.Test;

class FrontendsTest {

    private static Frontends frontends(boolean dockerfile, boolean gateway) {
        return new Frontends(new FrontendsConfig(new DockerfileFrontendConfig(dockerfile),
                new GatewayFrontendConfig(gateway, List.of())), null, null, null, null, null, Platform.LINUX_AMD64,
                Runnable::run, Clock.systemUTC());
    }

    @Test
    void dockerfileV0IsTheBuiltInDockerfileFrontend() throws Exception {
        assertThat(frontends(true, true).select("dockerfile.v0", Map.of())).isInstanceOf(DockerfileFrontend.class);
    }

    @Test
    void gatewayWithAnOfficialDockerfileImageOfAnyTagIsServedByTheBuiltInOne() throws Exception {
        Frontends frontends = frontends(true, true);
        for (String source : List.of("docker/dockerfile", "docker/dockerfile:1", "docker.io/docker/dockerfile:1.7",
                "docker/dockerfile-upstream:master",
                "docker/dockerfile:1@sha256:" + "a".repeat(64))) {
            frontends.check("gateway.v0", Map.of("source", source));
            assertThat(frontends.select("gateway.v0", Map.of("source", source)))
                    .isInstanceOf(DockerfileFrontend.class);
        }
    }

    @Test
    void gatewayWithAnyOtherImageSaysExternalFrontendsAreNotAvailable() {
        assertThatThrownBy(() -> frontends(true, true).check("gateway.v0", Map.of("source", "example.com/my/frontend:2")))
                .isInstanceOf(FrontendException.class)
                .hasMessageContaining("example.com/my/frontend:2")
                .hasMessageContaining("no external (gateway) frontends")
                .hasMessageContaining("--frontend dockerfile.v0");
        assertThatThrownBy(() -> frontends(true, true).check("gateway.v0", Map.of("source", "docker/dockerfile-x")))
                .hasMessageContaining("cannot run");
    }

    @Test
    void gatewayWithoutASourceNamesTheOption() {
        assertThatThrownBy(() -> frontends(true, true).check("gateway.v0", Map.of()))
                .hasMessageContaining("--opt source=IMAGE");
    }

    @Test
    void anUnknownFrontendListsTheAvailableOnes() {
        assertThatThrownBy(() -> frontends(true, true).check("dockerfile.v1", Map.of()))
                .hasMessage("unknown frontend 'dockerfile.v1': this daemon has dockerfile.v0 (--frontend dockerfile.v0)"
                        + " and gateway.v0 with --opt source=docker/dockerfile[:tag]");
    }

    @Test
    void frontendsDisabledInTheConfigNameTheSetting() {
        assertThatThrownBy(() -> frontends(false, true).check("dockerfile.v0", Map.of()))
                .hasMessageContaining("[frontend.\"dockerfile.v0\"] enabled = false");
        assertThatThrownBy(() -> frontends(true, false).check("gateway.v0", Map.of("source", "docker/dockerfile")))
                .hasMessageContaining("[frontend.\"gateway.v0\"] enabled = false");
        assertThatThrownBy(() -> frontends(false, true).check("gateway.v0", Map.of("source", "docker/dockerfile")))
                .hasMessageContaining("[frontend.\"dockerfile.v0\"] enabled = false");
    }

    @Test
    void noCacheWithoutAValueIgnoresTheCacheOfTheWholeBuildAStageListLeavesItToTheConverter() {
        assertThat(Frontends.noCacheForWholeBuild("", Map.of("no-cache", ""))).isTrue();
        assertThat(Frontends.noCacheForWholeBuild("", Map.of())).isFalse();
        assertThat(Frontends.noCacheForWholeBuild("dockerfile.v0", Map.of("no-cache", ""))).isTrue();
        assertThat(Frontends.noCacheForWholeBuild("dockerfile.v0", Map.of("no-cache", "build,test"))).isFalse();
        assertThat(Frontends.noCacheForWholeBuild("dockerfile.v0", Map.of())).isFalse();
    }
}
