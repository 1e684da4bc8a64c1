package org.jbuildkit.daemon.worker.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.MediaTypes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile and broken layers are refused whole, and leave nothing behind inside or outside the snapshot root. */
class LayerApplierSecurityTest {
    @TempDir
    Path temp;

    private Path outside;

    @BeforeEach
    void makeOutside() throws IOException {
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "secret");
    }

    /** A hostile layer (built knowing where "outside" is) and the entry that must be blamed. */
    record Hostile(String description, Function<Path, TestLayer> layer, String entry) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<Arguments> hostileLayers() {
        List<Hostile> cases = List.of(
                new Hostile("dot-dot entry", out -> new TestLayer().file("ok", "ok", 0644)
                        .file("../../../../outside/evil", "x", 0644), "../../../../outside/evil"),
                new Hostile("absolute entry", out -> new TestLayer().file(out + "/evil", "x", 0644),
                        "OUT/evil"),
                new Hostile("write through absolute symlink", out -> new TestLayer().symlink("a", out.toString())
                        .file("a/evil", "x", 0644), "a/evil"),
                new Hostile("write through relative symlink", out -> new TestLayer().dir("d", 0755)
                        .symlink("d/up", "../../../../../../outside").file("d/up/evil", "x", 0644), "d/up/evil"),
                new Hostile("hardlink to a file outside", out -> new TestLayer()
                        .hardlink("evil", "../../../../outside/secret"), "evil"),
                new Hostile("hardlink through a symlink", out -> new TestLayer().symlink("s", out.toString())
                        .hardlink("evil", "s/secret"), "evil"),
                new Hostile("whiteout through a symlink", out -> new TestLayer().symlink("s", out.toString())
                        .whiteout("s/secret"), "s/.wh.secret"));
        return Stream.of("overlayfs", "native")
                .flatMap(snapshotter -> cases.stream().map(c -> Arguments.of(snapshotter, c)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("hostileLayers")
    void hostileLayerIsRefusedAndLeavesNothingBehind(String name, Hostile hostile) throws IOException {
        Snapshotter s = SnapshotterSelector.forConfig(name, temp.resolve("root"));
        SnapshotId base = LayerApplier.unpack(s, "base", null, busyboxless().descriptor(), null, busyboxless().open());
        TestLayer.Blob blob = hostile.layer().apply(outside).build(true);

        assertThatThrownBy(() -> LayerApplier.unpack(s, "hostile", base, blob.descriptor(), blob.diffId(), blob.open()))
                .isInstanceOf(LayerPathEscapeException.class)
                .hasMessageContaining(blob.descriptor().digest().toString())
                .hasMessageContaining("entry '" + hostile.entry().replace("OUT", outside.toString()) + "'");

        assertThat(outside.resolve("evil")).doesNotExist();
        assertThat(outside.resolve("secret")).hasContent("secret");
        try (Stream<Path> list = Files.list(outside)) {
            assertThat(list).containsExactly(outside.resolve("secret"));
        }
        assertThat(PosixFiles.nlink(outside.resolve("secret"))).isEqualTo(1);
        try (Stream<Path> snapshots = Files.list(temp.resolve("root/snapshots"))) {
            assertThat(snapshots).containsExactly(temp.resolve("root/snapshots/" + base));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlayfs", "native"})
    void symlinkEscapeFromALowerLayerIsRefused(String name) throws IOException {
        Snapshotter s = SnapshotterSelector.forConfig(name, temp.resolve("root"));
        TestLayer.Blob lower = new TestLayer().symlink("etc", outside.toString()).build(false);
        SnapshotId base = LayerApplier.unpack(s, "base", null, lower.descriptor(), null, lower.open());
        TestLayer.Blob upper = new TestLayer().file("etc/passwd", "pwned", 0644).build(false);

        assertThatThrownBy(() -> LayerApplier.unpack(s, "up", base, upper.descriptor(), null, upper.open()))
                .isInstanceOf(LayerPathEscapeException.class)
                .hasMessageContaining("entry 'etc/passwd'")
                .hasMessageContaining("symlink to the absolute path");
        assertThat(outside.resolve("passwd")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlayfs", "native"})
    void wrongDiffIdDiscardsTheSnapshot(String name) throws IOException {
        Snapshotter s = SnapshotterSelector.forConfig(name, temp.resolve("root"));
        TestLayer.Blob blob = new TestLayer().file("f", "f", 0644).build(true);
        Digest wrong = Digest.sha256("something else".getBytes());

        assertThatThrownBy(() -> LayerApplier.unpack(s, "l", null, blob.descriptor(), wrong, blob.open()))
                .isInstanceOf(DiffIdMismatchException.class)
                .hasMessageContaining(blob.diffId().toString())
                .hasMessageContaining(wrong.toString());
        assertThat(temp.resolve("root/snapshots")).isEmptyDirectory();
        assertThat(LayerApplier.unpack(s, "l", null, blob.descriptor(), blob.diffId(), blob.open())).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {MediaTypes.OCI_LAYER_ZSTD, MediaTypes.DOCKER_LAYER_ZSTD})
    void zstdLayersUnpackToTheirDiffId(String mediaType) throws IOException {
        Snapshotter s = SnapshotterSelector.forConfig("native", temp.resolve("root"));
        TestLayer.Blob tar = new TestLayer().file("f", "zstd content", 0644).build(false);
        java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
        try (var out = new com.github.luben.zstd.ZstdOutputStream(compressed)) {
            out.write(tar.bytes());
        }
        byte[] blob = compressed.toByteArray();
        Descriptor zstd = Descriptor.of(mediaType, Digest.sha256(blob), blob.length);

        SnapshotId unpacked = LayerApplier.unpack(s, "z", null, zstd, tar.diffId(),
                new java.io.ByteArrayInputStream(blob));
        assertThat(unpacked).isNotNull();
        // A zstd blob whose tar is not the diff ID it claims is refused like a gzip one, leaving nothing behind.
        Digest wrong = Digest.sha256("another tar".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> LayerApplier.unpack(s, "z2", null, zstd, wrong, new java.io.ByteArrayInputStream(blob)))
                .isInstanceOf(DiffIdMismatchException.class);
    }

    private static TestLayer.Blob busyboxless() {
        return new TestLayer().dir("etc", 0755).file("etc/hostname", "h", 0644).build(false);
    }
}
