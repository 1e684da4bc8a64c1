package org.jbuildkit.daemon.worker.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deep layer chains: options longer than a page still mount, and more than 500 lowers fail clearly. */
class OverlayLimitsTest {
    @TempDir
    Path temp;

    @Test
    void deepChainsMountUntilTheKernelsLowerDirLimit() throws IOException {
        Snapshotter s = new OverlaySnapshotter(temp.resolve("root"));
        SnapshotId top = null;
        for (int i = 0; i < OverlaySnapshotter.MAX_LOWER_DIRS; i++) {
            ActiveSnapshot layer = s.prepare("l" + i, top);
            if (i % 100 == 0) {
                Files.writeString(layer.upperDir().resolve("f" + i), "x");
            }
            top = s.commit("l" + i);
        }

        ActiveSnapshot active = s.prepare("deep", top);
        assertThat(String.join(",", active.mounts().get(0).options()).length())
                .isGreaterThan(Mounter.MAX_OPTIONS_BYTES);
        Path mnt = temp.resolve("mnt");
        Mounter.mount(active.mounts(), mnt);
        try {
            assertThat(mnt.resolve("f0")).exists();
            assertThat(mnt.resolve("f400")).exists();
        } finally {
            Mounter.unmount(mnt);
        }
        assertThat(Mounter.isMounted(mnt)).isFalse();

        SnapshotId tooDeep = s.commit("deep");
        assertThatThrownBy(() -> s.prepare("too-deep", tooDeep))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining("would stack 501 layers")
                .hasMessageContaining("at most 500 lower directories");
    }
}
