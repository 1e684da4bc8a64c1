package org.jbuildkit.daemon.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.jbuildkit.daemon.solver.ContentSelector;
import org.jbuildkit.daemon.worker.snapshot.ActiveSnapshot;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;
import org.jbuildkit.daemon.worker.snapshot.SnapshotterSelector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Content checksums on real snapshots of both snapshotters: bytes, modes and owners count, times do not. */
class ContentChecksumsTest {
    @TempDir
    Path temp;

    private interface Tree {
        void fill(Path dir) throws IOException;
    }

    private SnapshotResult snapshot(Snapshotter s, String key, Tree tree) throws IOException {
        ActiveSnapshot active = s.prepare(key, null);
        tree.fill(active.upperDir());
        return new SnapshotResult(s.commit(key));
    }

    private static void base(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("src/lib"));
        Files.writeString(dir.resolve("src/main.c"), "int main() {}");
        Files.writeString(dir.resolve("src/lib/util.c"), "void util() {}");
        Files.writeString(dir.resolve("README"), "readme");
        Files.createSymbolicLink(dir.resolve("latest"), Path.of("src/main.c"));
    }

    private static String sel(String... paths) {
        return new ContentSelector(java.util.Arrays.stream(paths)
                .map(p -> new ContentSelector.Selection(p, true, false)).toList()).encode();
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlayfs", "native"})
    void timesDoNotCountBytesModesAndPathsDo(String name) throws Exception {
        Snapshotter s = SnapshotterSelector.forConfig(name, temp.resolve(name));
        Path mounts = Files.createDirectories(temp.resolve("mounts-" + name));
        ContentChecksums sums = new ContentChecksums(s, mounts);
        SnapshotResult a = snapshot(s, "a", ContentChecksumsTest::base);
        SnapshotResult touched = snapshot(s, "touched", dir -> {
            base(dir);
            Files.setLastModifiedTime(dir.resolve("src/main.c"), FileTime.fromMillis(12345));
            Files.setLastModifiedTime(dir.resolve("src"), FileTime.fromMillis(12345));
        });
        SnapshotResult oneByte = snapshot(s, "byte", dir -> {
            base(dir);
            Files.writeString(dir.resolve("src/lib/util.c"), "void util() {;");
        });
        SnapshotResult chmod = snapshot(s, "chmod", dir -> {
            base(dir);
            Files.setPosixFilePermissions(dir.resolve("README"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        });

        assertThat(sums.checksum(touched, sel("/"))).isEqualTo(sums.checksum(a, sel("/")));
        assertThat(sums.checksum(oneByte, sel("/"))).isNotEqualTo(sums.checksum(a, sel("/")));
        assertThat(sums.firstChangedPath(sums.checksum(a, sel("/")), sums.checksum(oneByte, sel("/"))))
                .hasValue("/src/lib/util.c");
        // A step reading only README is not affected by the change under src/.
        assertThat(sums.checksum(oneByte, sel("/README"))).isEqualTo(sums.checksum(a, sel("/README")));
        assertThat(sums.checksum(chmod, sel("/README"))).isNotEqualTo(sums.checksum(a, sel("/README")));
        assertThat(sums.checksum(oneByte, sel("/src/*.c"))).isEqualTo(sums.checksum(a, sel("/src/*.c")));
        assertThat(sums.checksum(a, sel("/nothing"))).isNotEqualTo(sums.checksum(a, sel("/README")));
        assertThat(sums.checksum(a, sel("/src/../README"))).isEqualTo(sums.checksum(a, sel("README")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlayfs", "native"})
    void aLayeredSnapshotIsCheckedThroughItsMergedView(String name) throws Exception {
        Snapshotter s = SnapshotterSelector.forConfig(name, temp.resolve(name));
        ContentChecksums sums = new ContentChecksums(s, Files.createDirectories(temp.resolve("m-" + name)));
        SnapshotResult lower = snapshot(s, "lower", ContentChecksumsTest::base);
        ActiveSnapshot upper = s.prepare("upper", lower.snapshot());
        Files.writeString(upper.upperDir().resolve("added"), "new");
        SnapshotResult layered = new SnapshotResult(s.commit("upper"));
        SnapshotResult flat = snapshot(s, "flat", dir -> {
            base(dir);
            Files.writeString(dir.resolve("added"), "new");
        });
        assertThat(sums.checksum(layered, sel("/"))).isEqualTo(sums.checksum(flat, sel("/")));
        assertThat(List.of(sums.checksum(layered, sel("/src")))).containsExactly(sums.checksum(lower, sel("/src")));
    }
}
