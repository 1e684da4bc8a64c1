package org.jbuildkit.daemon.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** What the merge and diff tests share: {@link SnapshotSteps} in a temp dir, and no mount left after a test. */
abstract class SnapshotStepsTest {
    @TempDir
    Path temp;

    private SnapshotSteps steps;

    SnapshotSteps steps(String kind) throws IOException {
        steps = new SnapshotSteps(kind, temp);
        return steps;
    }

    @AfterEach
    void nothingStaysMounted() throws IOException {
        if (steps != null) {
            steps.close();
        }
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(temp.toString());
    }
}
