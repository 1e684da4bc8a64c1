package org.jbuildkit.daemon.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.jbuildkit.api.pb.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerIdentityTest {

    @Test
    void idsHaveUpstreamsShape() {
        for (int i = 0; i < 100; i++) {
            assertThat(WorkerIdentity.newId()).matches("[0-9a-z]{25}");
        }
    }

    @Test
    void idSurvivesRestarts(@TempDir Path root) throws IOException {
        String first = WorkerIdentity.load(root);
        assertThat(WorkerIdentity.load(root)).isEqualTo(first);
    }

    @Test
    void platformsParseAndDetect() {
        assertThat(HostPlatforms.parse("linux/arm64/v8"))
                .isEqualTo(Platform.newBuilder().setOS("linux").setArchitecture("arm64").setVariant("v8").build());
        assertThat(HostPlatforms.detect().get(0).getOS()).isEqualTo("linux");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HostPlatforms.parse("amd64"))
                .hasMessageContaining("os/arch");
    }
}
