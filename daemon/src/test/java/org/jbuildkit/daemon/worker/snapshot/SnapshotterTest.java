package org.jbuildkit.daemon.worker.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both snapshotters, with real overlay and bind mounts (the tests run as root). */
class SnapshotterTest {
    @TempDir
    Path temp;

    private final List<Path> mounted = new ArrayList<>();

    @AfterEach
    void unmountAndCheckNoLeaks() throws IOException {
        for (int i = mounted.size() - 1; i >= 0; i--) {
            Mounter.unmount(mounted.get(i));
        }
        String mountinfo = Files.readString(Path.of("/proc/self/mountinfo"));
        assertThat(mountinfo).doesNotContain(temp.toString());
    }

    private Snapshotter snapshotter(String name) throws IOException {
        return SnapshotterSelector.forConfig(name, temp.resolve(name + "-root"));
    }

    private Path mount(Snapshotter s, String key) throws IOException {
        Path target = temp.resolve("mnt-" + mounted.size());
        Mounter.mount(s.mounts(key), target);
        mounted.add(target);
        return target;
    }

    private Path view(Snapshotter s, SnapshotId id) throws IOException {
        String key = "view-" + mounted.size();
        SnapshotView v = s.view(key, id);
        Path target = temp.resolve("mnt-" + mounted.size());
        Mounter.mount(v.mounts(), target);
        mounted.add(target);
        return target;
    }

    private static SnapshotId unpack(Snapshotter s, String key, SnapshotId parent, TestLayer.Blob blob)
            throws IOException {
        return LayerApplier.unpack(s, key, parent, blob.descriptor(), blob.diffId(), blob.open());
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlayfs", "native"})
    void busyboxRootfsRunsAShellInAChroot(String name) throws Exception {
        Snapshotter s = snapshotter(name);
        SnapshotId base = unpack(s, "base", null, TestLayer.busybox().build(true));
        s.prepare("run", base);
        Path root = mount(s, "run");

        Process chroot = new ProcessBuilder("chroot", root.toString(), "/bin/sh", "-c", "echo ok > /tmp/out; echo ok")
                .redirectErrorStream(true).start();
        String output = new String(chroot.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(chroot.waitFor()).isZero();
        assertThat(output).isEqualTo("ok\n");
        Mounter.unmount(root);
        mounted.remove(root);

        SnapshotId after = s.commit("run");
        assertThat(Files.readString(view(s, after).resolve("tmp/out"))).isEqualTo("ok\n");
        assertThat(s.parent(after)).contains(base);
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlayfs", "native"})
    void whiteoutsAndOpaqueDirectoriesHideLowerEntries(String name) throws IOException {
        Snapshotter s = snapshotter(name);
        SnapshotId lower = unpack(s, "lower", null, new TestLayer()
                .dir("a", 0755).file("a/x", "x", 0644).file("a/y", "y", 0644)
                .dir("b", 0750).file("b/old", "old", 0644).dir("b/sub", 0755).file("b/sub/deep", "d", 0644)
                .dir("c", 0755).file("c/gone", "g", 0644)
                .build(false));
        SnapshotId upper = unpack(s, "upper", lower, new TestLayer()
                .whiteout("a/x")
                .dir("b", 0750).opaque("b").file("b/new", "new", 0644)
                .whiteout("c")
                .whiteout("never-existed")
                .build(true));

        Path view = view(s, upper);
        assertThat(Trees.describe(view).keySet()).containsExactly("a", "a/y", "b", "b/new");
        assertThat(Files.getAttribute(view.resolve("b"), "unix:mode")).isEqualTo(040750);
        if (name.equals("overlayfs")) {
            Path upperDir = temp.resolve("overlayfs-root/snapshots/" + upper + "/fs");
            assertThat(PosixFiles.isOverlayWhiteout(upperDir.resolve("a/x"))).isTrue();
            assertThat(PosixFiles.isOverlayWhiteout(upperDir.resolve("c"))).isTrue();
            assertThat(upperDir.resolve("never-existed")).doesNotExist();
            assertThat(Xattrs.opaqueDirs(upperDir)).containsExactly(upperDir.resolve("b"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlayfs", "native"})
    void chainOfThreeLayersStacksAndRemovesInOrder(String name) throws IOException {
        Snapshotter s = snapshotter(name);
        SnapshotId one = unpack(s, "one", null, new TestLayer().file("one", "1", 0644).file("shared", "1", 0644)
                .build(false));
        SnapshotId two = unpack(s, "two", one, new TestLayer().file("two", "2", 0644).file("shared", "2", 0644)
                .build(false));
        SnapshotId three = unpack(s, "three", two, new TestLayer().file("three", "3", 0644).build(true));

        ActiveSnapshot top = s.prepare("top", three);
        Path root = mount(s, "top");
        assertThat(Trees.describe(root).keySet()).containsExactly("one", "shared", "three", "two");
        assertThat(Files.readString(root.resolve("shared"))).isEqualTo("2");
        Files.writeString(root.resolve("four"), "4");
        assertThat(top.upperDir().resolve("four")).hasContent("4");
        assertThat(s.usage(one).inodes()).isEqualTo(3);

        assertThat(s.parent(three)).contains(two);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.remove(two))
                .hasMessageContaining("is the parent of snapshot " + three);
        Mounter.unmount(root);
        mounted.remove(root);
        s.remove("top");
        s.remove(three);
        s.remove(two);
        s.remove(one);
        assertThat(temp.resolve(name + "-root/snapshots")).isEmptyDirectory();
    }

    @Test
    void nativeAndOverlayShowTheSameTree() throws IOException {
        List<TestLayer.Blob> layers = List.of(
                TestLayer.busybox()
                        .dir("srv", 0755).fileOwned("srv/suid", "s", 04755, 0, 0).fileOwned("srv/owned", "o", 0640, 1000, 1001)
                        .hardlink("srv/suid-link", "srv/suid").device("srv/null", TarConstants.LF_CHR, 1, 3)
                        .device("srv/fifo", TarConstants.LF_FIFO, 0, 0).dir("srv/sticky", 01777)
                        .symlink("srv/abs", "/etc/passwd").dir("srv/dir", 0700).file("srv/dir/f", "f", 0600)
                        .file("lib-real/x.so", "so", 0644).symlink("lib", "lib-real")
                        .build(true),
                new TestLayer()
                        .file("lib/y.so", "through an in-root symlink", 0644)
                        .hardlink("srv/busybox-link", "bin/busybox")
                        .whiteout("srv/owned").opaque("srv/dir").file("srv/dir/g", "g", 0600)
                        .file("srv/sticky/" + "long-name-".repeat(20), "long", 0644)
                        .build(false));
        Map<String, String> overlay = visibleTree("overlayfs", layers);
        Map<String, String> copied = visibleTree("native", layers);
        assertThat(copied).isEqualTo(overlay);
        assertThat(overlay).containsEntry("srv/suid", "file " + org.jbuildkit.registry.image.Digest.sha256(
                "s".getBytes()).shortHex() + " 4755 0:0 " + TestLayer.MTIME.toMillis());
        assertThat(overlay).containsKeys("lib-real/y.so", "srv/dir/g", "srv/busybox-link", "srv/null", "srv/fifo");
        assertThat(overlay).doesNotContainKeys("srv/owned", "srv/dir/f");
        assertThat(overlay.get("srv/null")).startsWith("chr 1/3 600");
        assertThat(overlay.get("srv/sticky")).startsWith("dir 1777");
    }

    private Map<String, String> visibleTree(String name, List<TestLayer.Blob> layers) throws IOException {
        Snapshotter s = snapshotter(name);
        SnapshotId parent = null;
        int n = 0;
        for (TestLayer.Blob layer : layers) {
            parent = unpack(s, "layer-" + n++, parent, layer);
        }
        return Trees.describe(view(s, parent));
    }

    @Test
    void symlinkMtimesAndOwnersAreSetWithoutFollowing() throws IOException {
        Snapshotter s = snapshotter("native");
        SnapshotId id = unpack(s, "l", null, new TestLayer().file("target", "t", 0644).symlink("link", "target")
                .build(false));
        Path link = temp.resolve("native-root/snapshots/" + id + "/fs/link");
        assertThat(Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS)).isEqualTo(TestLayer.MTIME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlayfs", "native"})
    void aKeptDeletionIsWrittenWithTheLayerAndADamagedRecordOfThemIsRefused(String name) throws Exception {
        Snapshotter s = snapshotter(name);
        s.prepare("diff", null);
        byte[] layer = new TestLayer().dir("d", 0755).file("d/.wh.gone", "", 0).file("d/new", "n", 0644)
                .build(false).bytes();
        s.applyLayer("diff", new ByteArrayInputStream(layer));
        SnapshotId diff = s.commit("diff");
        assertThat(Trees.describe(view(s, diff))).containsOnlyKeys("d", "d/new");

        var out = new ByteArrayOutputStream();
        s.writeLayer(diff, out);
        var names = new ArrayList<String>();
        try (var tar = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                names.add(e.getName());
            }
        }
        assertThat(names).containsExactly("d/", "d/.wh.gone", "d/new");

        Files.writeString(temp.resolve(name + "-root/snapshots/" + diff + "/deletions.json"),
                "{\"whiteouts\":[\"d/../../etc\"],\"opaqueDirs\":[]}");
        assertThatThrownBy(() -> s.writeLayer(diff, new ByteArrayOutputStream()))
                .hasMessageContaining("cannot read the deletions of snapshot " + diff)
                .hasMessageContaining("does not name a path inside the snapshot");
    }
}
