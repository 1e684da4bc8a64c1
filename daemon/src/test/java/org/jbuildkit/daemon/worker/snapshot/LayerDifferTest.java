package org.jbuildkit.daemon.worker.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.MediaTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changes made through an overlay mount come back out as an OCI layer that reproduces them. */
class LayerDifferTest {
    @TempDir
    Path temp;

    @Test
    void overlayChangesBecomeAnOciLayerThatNativeReproduces() throws IOException {
        Snapshotter overlay = SnapshotterSelector.forConfig("overlayfs", temp.resolve("overlay"));
        TestLayer.Blob base = new TestLayer().dir("a", 0755).file("a/x", "x", 0644).file("a/y", "y", 0644)
                .dir("b", 0755).file("b/old", "old", 0644).file("keep", "k", 0644).build(false);
        SnapshotId baseId = LayerApplier.unpack(overlay, "base", null, base.descriptor(), null, base.open());
        ActiveSnapshot step = overlay.prepare("step", baseId);
        Path mnt = temp.resolve("mnt");
        Mounter.mount(overlay.mounts("step"), mnt);
        try {
            Files.delete(mnt.resolve("a/x"));
            PosixFiles.deleteRecursively(mnt.resolve("b"));
            Files.createDirectory(mnt.resolve("b"));
            Files.writeString(mnt.resolve("b/new"), "new");
            Files.writeString(mnt.resolve("c"), "c");
            Files.createLink(mnt.resolve("c-link"), mnt.resolve("c"));
        } finally {
            Mounter.unmount(mnt);
        }
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(temp.toString());

        var first = new ByteArrayOutputStream();
        Digest diffId = LayerDiffer.diff(step, first);
        var second = new ByteArrayOutputStream();
        assertThat(LayerDiffer.diff(step, second)).isEqualTo(diffId);
        assertThat(second.toByteArray()).isEqualTo(first.toByteArray());
        assertThat(names(first.toByteArray()))
                .containsExactly("a/", "a/.wh.x", "b/", "b/.wh..wh..opq", "b/new", "c", "c-link");

        Snapshotter copy = SnapshotterSelector.forConfig("native", temp.resolve("native"));
        SnapshotId nativeBase = LayerApplier.unpack(copy, "base", null, base.descriptor(), null, base.open());
        byte[] diff = first.toByteArray();
        var diffLayer = Descriptor.of(MediaTypes.OCI_LAYER, Digest.sha256(diff), diff.length);
        SnapshotId nativeTop = LayerApplier.unpack(copy, "step", nativeBase, diffLayer, diffId,
                new ByteArrayInputStream(diff));
        SnapshotId overlayTop = overlay.commit("step");

        Path overlayView = temp.resolve("overlay-view");
        Mounter.mount(overlay.view("v", overlayTop).mounts(), overlayView);
        try {
            assertThat(Trees.describe(temp.resolve("native/snapshots/" + nativeTop + "/fs")))
                    .isEqualTo(Trees.describe(overlayView));
        } finally {
            Mounter.unmount(overlayView);
        }
    }

    private static List<String> names(byte[] tar) throws IOException {
        var names = new ArrayList<String>();
        try (var in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    @Test
    void selectorPicksOverlayHereAndExplainsUnknownNames() throws IOException {
        assertThat(SnapshotterSelector.forConfig("auto", temp.resolve("auto")).name()).isEqualTo("overlayfs");
        assertThat(SnapshotterSelector.probeOverlay(temp.resolve("auto"))).isEmpty();
        try (var left = Files.list(temp.resolve("auto"))) {
            assertThat(left).containsExactly(temp.resolve("auto/snapshots"));
        }
        assertThat(SnapshotterSelector.forConfig("native", temp.resolve("n")).name()).isEqualTo("native");
        assertThatThrownBy(() -> SnapshotterSelector.forConfig("zfs", temp.resolve("z")))
                .hasMessageContaining("unknown snapshotter 'zfs'").hasMessageContaining("auto, overlayfs or native");
    }
}
