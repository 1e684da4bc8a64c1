package org.jbuildkit.daemon.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.jbuildkit.llb.Platform;
import org.junit.jupiter.api.Test;

class DockerfileFrontendTest {

    @Test
    void aDockerfileTheConverterRefusesFailsWithItsSourceLines() {
        FakeBridge bridge = new FakeBridge(Map.of("dockerfile", Map.of("Dockerfile", "FROM busybox\nRUNN x\n"),
                "context", Map.of()));
        DockerfileFrontend frontend = new DockerfileFrontend(Platform.LINUX_AMD64, List.of());
        assertThatThrownBy(() -> frontend.solve(new FrontendRequest("s", Map.of()), bridge))
                .isInstanceOfSatisfying(FrontendException.class, e -> {
                    assertThat(e.source()).isPresent();
                    assertThat(e.source().get().getInfo().getFilename()).isEqualTo("Dockerfile");
                    assertThat(e.source().get().getInfo().getData().toStringUtf8()).isEqualTo("FROM busybox\nRUNN x\n");
                });
    }

    @Test
    void aGatewayNoteIsLoggedOnTheLoadStepBeforeConverting() {
        FakeBridge bridge = new FakeBridge(Map.of("dockerfile", Map.of("Dockerfile", "RUNN x\n"), "context", Map.of()));
        DockerfileFrontend frontend = new DockerfileFrontend(Platform.LINUX_AMD64, List.of("served by the built-in"));
        assertThatThrownBy(() -> frontend.solve(new FrontendRequest("s", Map.of()), bridge))
                .isInstanceOf(FrontendException.class);
        assertThat(bridge.logs).first().isEqualTo("served by the built-in");
    }

    @Test
    void theDockerfilesOwnIgnoreFileWinsOverTheContexts() {
        FakeBridge bridge = new FakeBridge(Map.of("dockerfile", Map.of("Dockerfile", "RUNN x\n",
                "Dockerfile.dockerignore", "a\n"), "context", Map.of(".dockerignore", "b\n")));
        DockerfileFrontend frontend = new DockerfileFrontend(Platform.LINUX_AMD64, List.of());
        assertThatThrownBy(() -> frontend.solve(new FrontendRequest("s", Map.of()), bridge))
                .isInstanceOf(FrontendException.class);
        assertThat(bridge.names).containsExactly("[internal] load build definition from Dockerfile");
    }

    @Test
    void withoutItsOwnIgnoreFileTheContextsIsLoaded() {
        FakeBridge bridge = new FakeBridge(Map.of("dockerfile", Map.of("Dockerfile", "RUNN x\n"),
                "context", Map.of(".dockerignore", "b\n")));
        DockerfileFrontend frontend = new DockerfileFrontend(Platform.LINUX_AMD64, List.of());
        assertThatThrownBy(() -> frontend.solve(new FrontendRequest("s", Map.of()), bridge))
                .isInstanceOf(FrontendException.class);
        assertThat(bridge.names).containsExactly("[internal] load build definition from Dockerfile",
                "[internal] load .dockerignore");
    }
}
