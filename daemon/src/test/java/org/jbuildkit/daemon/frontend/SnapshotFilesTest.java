package org.jbuildkit.daemon.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFilesTest {

    @Test
    void readsAFileByItsPathInsideTheTree(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root/linux"));
        Files.writeString(root.resolve("my-app.docker"), "FROM busybox\n");
        assertThat(SnapshotFiles.readInside(tmp.resolve("root"), "linux/my-app.docker")).hasValueSatisfying(
                bytes -> assertThat(new String(bytes)).isEqualTo("FROM busybox\n"));
        assertThat(SnapshotFiles.readInside(tmp.resolve("root"), "./linux//my-app.docker")).isPresent();
    }

    @Test
    void aMissingFileOrADirectoryIsNoFile(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root/sub"));
        assertThat(SnapshotFiles.readInside(root.getParent(), "Dockerfile")).isEmpty();
        assertThat(SnapshotFiles.readInside(root.getParent(), "sub")).isEmpty();
        assertThat(SnapshotFiles.readInside(root.getParent(), "")).isEmpty();
    }

    @Test
    void pathsAndSymlinksLeadingOutOfTheTreeNeverReadTheHostsFiles(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.writeString(tmp.resolve("secret"), "host file");
        Files.createSymbolicLink(root.resolve("Dockerfile"), tmp.resolve("secret"));
        Files.createSymbolicLink(root.resolve("relative"), Path.of("../secret"));
        assertThat(SnapshotFiles.readInside(root, "Dockerfile")).isEmpty();
        assertThat(SnapshotFiles.readInside(root, "relative")).isEmpty();
        assertThat(SnapshotFiles.readInside(root, "../secret")).isEmpty();
    }

    @Test
    void aSymlinkInsideTheTreeIsFollowed(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.writeString(root.resolve("real.docker"), "FROM scratch\n");
        Files.createSymbolicLink(root.resolve("Dockerfile"), Path.of("real.docker"));
        assertThat(SnapshotFiles.readInside(root, "Dockerfile")).isPresent();
    }
}
