package org.jbuildkit.daemon.worker.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerUserTest {
    @TempDir
    Path rootfs;

    private void etc(String passwd, String group) throws Exception {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), passwd);
        Files.writeString(rootfs.resolve("etc/group"), group);
    }

    @Test
    void emptyUserIsRoot() throws Exception {
        assertThat(ContainerUser.resolve(rootfs, "")).isEqualTo(ContainerUser.ROOT);
    }

    @Test
    void numericUserNeedsNoPasswdAndTakesItsGroupWhenListed() throws Exception {
        assertThat(ContainerUser.resolve(rootfs, "1234")).isEqualTo(new ContainerUser(1234, 0, List.of()));
        etc("app:x:1234:99::/:/bin/sh\n", "");
        assertThat(ContainerUser.resolve(rootfs, "1234")).isEqualTo(new ContainerUser(1234, 99, List.of()));
        assertThat(ContainerUser.resolve(rootfs, "1234:7")).isEqualTo(new ContainerUser(1234, 7, List.of()));
    }

    @Test
    void namedUserGetsItsSupplementaryGroups() throws Exception {
        etc("app:x:1000:1000::/:/bin/sh\n", "app:x:1000:\nwheel:x:10:root,app\ndocker:x:999:app\n");
        assertThat(ContainerUser.resolve(rootfs, "app")).isEqualTo(new ContainerUser(1000, 1000, List.of(10L, 999L)));
        assertThat(ContainerUser.resolve(rootfs, "app:wheel")).isEqualTo(new ContainerUser(1000, 10, List.of()));
    }

    @Test
    void missingUserOrGroupIsNamed() throws Exception {
        etc("app:x:1000:1000::/:/bin/sh\n", "app:x:1000:\n");
        assertThatThrownBy(() -> ContainerUser.resolve(rootfs, "ghost")).hasMessageContaining("unable to find user ghost");
        assertThatThrownBy(() -> ContainerUser.resolve(rootfs, "app:ghosts"))
                .hasMessageContaining("unable to find group ghosts");
    }

    @Test
    void passwdSymlinkCannotEscapeTheRootfs() throws Exception {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("../../../../../../etc/host-passwd"));
        Path hostLike = rootfs.resolve("etc/host-passwd");
        assertThat(RootfsPath.resolve(rootfs, "/etc/passwd")).isEqualTo(hostLike);
        assertThat(RootfsPath.resolve(rootfs, "/a/../../../etc/x")).isEqualTo(rootfs.resolve("etc/x"));
        assertThatThrownBy(() -> ContainerUser.resolve(rootfs, "root")).hasMessageContaining("unable to find user root");
    }
}
