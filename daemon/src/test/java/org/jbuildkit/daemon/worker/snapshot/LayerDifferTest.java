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

    @Test
    void comparingTwoTreesWritesOnlyTheChangesEachAfterItsParents() throws IOException {
        Path lower = Files.createDirectories(temp.resolve("lower"));
        Path upper = Files.createDirectories(temp.resolve("upper"));
        for (Path root : List.of(lower, upper)) {
            Files.createDirectories(root.resolve("a"));
            Files.createDirectories(root.resolve("b/deep"));
            Files.writeString(root.resolve("a/same"), "same");
            Files.writeString(root.resolve("b/deep/old"), "old");
            Files.setLastModifiedTime(root.resolve("a/same"), TestLayer.MTIME);
            Files.setLastModifiedTime(root.resolve("b/deep/old"), TestLayer.MTIME);
            Files.createSymbolicLink(root.resolve("link"), Path.of(root == lower ? "/lower" : "/upper"));
        }
        Files.writeString(lower.resolve("a/changed"), "1");
        Files.writeString(lower.resolve("a/gone"), "g");
        Files.writeString(lower.resolve("c"), "file");
        Files.writeString(upper.resolve("a/changed"), "2");
        Files.writeString(upper.resolve("a/new"), "n");
        Files.createDirectories(upper.resolve("c"));
        Files.writeString(upper.resolve("c/x"), "x");
        Files.createDirectories(upper.resolve("d"));

        var out = new ByteArrayOutputStream();
        LayerDiffer.compare(lower, upper, out);

        assertThat(names(out.toByteArray()))
                .containsExactly("a/", "a/changed", "a/.wh.gone", "a/new", "c/", "c/x", "d/", "link");
        var empty = new ByteArrayOutputStream();
        LayerDiffer.compare(upper, upper, empty);
        assertThat(names(empty.toByteArray())).isEmpty();
        assertThatThrownBy(() -> LayerDiffer.compare(lower, upper.resolve("a/new"), new ByteArrayOutputStream()))
                .hasMessageContaining("is not a directory");
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
