package org.jbuildkit.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootLockTest {

    @Test
    void secondLockOnTheSameRootNamesTheHolder(@TempDir Path root) throws IOException {
        try (RootLock first = RootLock.acquire(root)) {
            assertThat(Files.readString(first.file()).trim()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
            assertThatThrownBy(() -> RootLock.acquire(root))
                    .hasMessageContaining("another buildkitd (pid " + ProcessHandle.current().pid() + ")")
                    .hasMessageContaining("--root");
        }
        try (RootLock again = RootLock.acquire(root)) {
            assertThat(again.file()).exists();
        }
    }
}
