package org.jbuildkit.daemon.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Diff ops over real snapshotters, and diffs merged onto other bases. */
class DiffOpRunnerTest extends SnapshotStepsTest {
    private static final FileTime SAME_TIME = FileTime.fromMillis(1_600_000_000_000L);

    @ParameterizedTest
    @ValueSource(strings = {"overlayfs", "native"})
    void aDiffOfAnAncestorIsExactlyTheLayersInBetween(String kind) throws Exception {
        SnapshotSteps s = steps(kind);
        SnapshotId base = s.files(Map.of("a", "a", "b", "b", "etc/c", "c"));
        SnapshotId first = s.step(base, r -> {
            Files.writeString(r.resolve("a"), "changed");
            Files.writeString(r.resolve("etc/d"), "d");
        });
        SnapshotId second = s.step(first, r -> Files.delete(r.resolve("b")));

        SnapshotId diff = s.diff(base, second);

        assertThat(s.chain(diff)).hasSize(2).doesNotContain(base, first, second);
        assertThat(s.tree(diff)).containsOnlyKeys("a", "etc", "etc/d").containsEntry("a", "file changed 644");
        // What a RUN step on the diff sees: no whiteout devices, no trace of the deleted /b.
        assertThat(s.runTree(diff)).containsOnlyKeys("a", "etc", "etc/d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlayfs", "native"})
    void aDiffMergedOntoAnotherBaseAppliesItsDeletionsThere(String kind) throws Exception {
        SnapshotSteps s = steps(kind);
        SnapshotId base = s.files(Map.of("f", "f", "dir/gone", "g", "dir/kept", "k"));
        SnapshotId step = s.step(base, r -> {
            Files.delete(r.resolve("f"));
            Files.delete(r.resolve("dir/gone"));
            Files.writeString(r.resolve("h"), "h");
        });
        SnapshotId diff = s.diff(base, step);
        assertThat(s.tree(diff)).containsOnlyKeys("dir", "h");

        SnapshotId other = s.files(Map.of("f", "other", "dir/gone", "other", "y", "y"));
        assertThat(s.runTree(s.merge(other, diff))).containsOnlyKeys("dir", "h", "y");

        // Kept deletions are part of the diff's layer, so they survive being merged again.
        SnapshotId onlyY = s.files(Map.of("y", "y"));
        SnapshotId third = s.files(Map.of("f", "third", "z", "z"));
        assertThat(s.tree(s.merge(third, s.merge(onlyY, diff)))).containsOnlyKeys("dir", "h", "y", "z");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlayfs", "native"})
    void aDiffOfTwoUnrelatedTreesHoldsWhatChangedAndRebuildsTheUpperOnTheLower(String kind) throws Exception {
        SnapshotSteps s = steps(kind);
        SnapshotId lower = s.step(null, r -> {
            SnapshotSteps.write(r, Map.of("same", "x", "changed", "1", "gone", "g", "dir/keep", "k",
                    "dir/sub/old", "o", "was-file", "f"));
            Files.setLastModifiedTime(r.resolve("same"), SAME_TIME);
            Files.setLastModifiedTime(r.resolve("dir/keep"), SAME_TIME);
        });
        SnapshotId upper = s.step(null, r -> {
            SnapshotSteps.write(r, Map.of("same", "x", "changed", "2", "dir/keep", "k", "new", "n",
                    "was-file/now-dir", "d"));
            Files.setLastModifiedTime(r.resolve("same"), SAME_TIME);
            Files.setLastModifiedTime(r.resolve("dir/keep"), SAME_TIME);
            Files.createSymbolicLink(r.resolve("link"), Path.of("/etc/passwd"));
        });

        SnapshotId diff = s.diff(lower, upper);

        assertThat(s.chain(diff)).hasSize(1);
        assertThat(s.tree(diff)).containsOnlyKeys("changed", "new", "was-file", "was-file/now-dir", "link", "dir")
                .containsEntry("link", "link /etc/passwd");
        assertThat(s.tree(s.merge(lower, diff))).isEqualTo(s.tree(upper));
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlayfs", "native"})
    void anOpaqueDirectoryInTheUpperLayersIsKeptByTheDiff(String kind) throws Exception {
        SnapshotSteps s = steps(kind);
        SnapshotId base = s.files(Map.of("d/old", "old"));
        SnapshotId replaced = s.step(base, r -> {
            Files.delete(r.resolve("d/old"));
            Files.delete(r.resolve("d"));
            Files.createDirectory(r.resolve("d"));
            Files.writeString(r.resolve("d/new"), "new");
        });
        SnapshotId diff = s.diff(base, replaced);
        assertThat(s.tree(diff)).containsOnlyKeys("d", "d/new");

        SnapshotId other = s.files(Map.of("d/old", "other-old", "d/x", "x"));
        Map<String, String> merged = s.tree(s.merge(other, diff));
        assertThat(merged).containsEntry("d/new", "file new 644").doesNotContainKey("d/old");
        // overlayfs records the replaced directory as opaque, which hides all of d below it; native sees deletions.
        assertThat(merged.containsKey("d/x")).isEqualTo(kind.equals("native"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlayfs", "native"})
    void aDiffOfAStateWithItselfIsEmptyAndAScratchLowerIsTheWholeUpper(String kind) throws Exception {
        SnapshotSteps s = steps(kind);
        SnapshotId a = s.files(Map.of("a", "a"));
        SnapshotId empty = s.diff(a, a);
        assertThat(s.tree(empty)).isEmpty();
        SnapshotId b = s.files(Map.of("b", "b"));
        assertThat(s.tree(s.merge(b, empty))).containsOnlyKeys("b");

        assertThat(s.diff(null, a)).isEqualTo(a);
        assertThat(s.tree(s.diff(null, null))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlayfs", "native"})
    void aDiffToScratchDeletesEverythingTheLowerHad(String kind) throws Exception {
        SnapshotSteps s = steps(kind);
        SnapshotId lower = s.files(Map.of("a", "a", "dir/b", "b"));
        SnapshotId wipe = s.diff(lower, null);
        assertThat(s.tree(wipe)).isEmpty();
        SnapshotId other = s.files(Map.of("a", "other", "dir/c", "c", "keep", "k"));
        assertThat(s.tree(s.merge(other, wipe))).containsOnlyKeys("keep");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlayfs", "native"})
    void aCancelledDiffLeavesNoSnapshotViewOrMountBehind(String kind) throws Exception {
        SnapshotSteps s = steps(kind);
        SnapshotId lower = s.files(Map.of("a", "a"));
        SnapshotId upper = s.files(Map.of("big", "x".repeat(4 << 20)));
        SnapshotId descendant = s.step(lower, r -> Files.writeString(r.resolve("big"), "y".repeat(4 << 20)));
        List<String> before = s.snapshotDirs();
        for (int checks : new int[] {0, 1, 2, 10}) {
            assertThatThrownBy(() -> s.diff(SnapshotSteps.cancelledAfter(checks), lower, upper))
                    .isInstanceOf(CancellationException.class);
            assertThatThrownBy(() -> s.diff(SnapshotSteps.cancelledAfter(checks), lower, descendant))
                    .isInstanceOf(CancellationException.class);
            assertThat(s.snapshotDirs()).as("after %d checks", checks).isEqualTo(before);
            assertThat(s.leftoverMounts()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"native"})
    void aSideNamingAMissingInputIsRefused(String kind) throws Exception {
        SnapshotSteps s = steps(kind);
        var op = org.jbuildkit.api.pb.Op.newBuilder().setDiff(org.jbuildkit.api.pb.DiffOp.newBuilder()
                .setLower(org.jbuildkit.api.pb.LowerDiffInput.newBuilder().setInput(0))
                .setUpper(org.jbuildkit.api.pb.UpperDiffInput.newBuilder().setInput(1))).build();
        var vertex = new org.jbuildkit.daemon.solver.Vertex("sha256:d", op,
                List.of(new org.jbuildkit.daemon.solver.Edge("sha256:a", 0)),
                org.jbuildkit.api.pb.OpMetadata.getDefaultInstance());
        SnapshotId a = s.files(Map.of("a", "a"));
        assertThatThrownBy(() -> s.differ().exec(vertex, List.of(new SnapshotResult(a)), SnapshotSteps.RUNNING))
                .hasMessageContaining("the diff's upper side names op input 1 but the op has 1 inputs");
    }
}
