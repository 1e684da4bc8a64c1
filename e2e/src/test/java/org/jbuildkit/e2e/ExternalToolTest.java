package org.jbuildkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.jbuildkit.e2e.fixtures.ExternalTool;
import org.junit.jupiter.api.Test;

class ExternalToolTest {

    @Test
    void aMissingToolFailsWithTheFixInsteadOfSkipping() {
        var missing = new ExternalTool(Path.of("/nonexistent/bin/docker-registry"), "docker-registry");

        assertThatThrownBy(missing::require)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/nonexistent/bin/docker-registry is missing")
                .hasMessageContaining("run ./test.sh")
                .hasMessageContaining("apt-get install -y docker-registry");
    }

    @Test
    void aFailingToolReportsItsExitCodeAndStderr() {
        assertThatThrownBy(() -> ExternalTool.BUSYBOX.run(Duration.ofSeconds(10), "sh", "-c", "echo broken >&2; exit 3"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("exited with 3")
                .hasMessageContaining("broken");
    }

    @Test
    void aToolsStandardOutputIsReturned() {
        assertThat(ExternalTool.BUSYBOX.run(Duration.ofSeconds(10), "echo", "hello")).isEqualTo("hello\n");
    }
}
