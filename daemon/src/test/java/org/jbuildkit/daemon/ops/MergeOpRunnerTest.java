package org.jbuildkit.daemon.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.jbuildkit.api.pb.MergeInput;
import org.jbuildkit.api.pb.MergeOp;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.OpMetadata;
import org.jbuildkit.daemon.solver.CacheMap;
import org.jbuildkit.daemon.solver.Edge;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.Vertex;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Merge ops over real snapshotters (the tests run as root, so mounts and overlayfs whiteouts work). */
class MergeOpRunnerTest extends SnapshotStepsTest {
    @ParameterizedTest
    @ValueSource(strings = {"overlayfs", "native"})
    void aLaterInputWinsOnAConflictingPathAndEarlierFilesStay(String kind) throws Exception {
        SnapshotSteps s = steps(kind);
        SnapshotId a = s.files(Map.of("dir/a", "a", "dir/shared", "from-a", "only-a", "1"));
        SnapshotId b = s.step(null, r -> {
            Files.createDirectory(r.resolve("dir"), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Files.writeString(r.resolve("dir/b"), "b");
            Files.writeString(r.resolve("dir/shared"), "from-b");
        });

        Map<String, String> merged = s.tree(s.merge(a, b));

        assertThat(merged).containsEntry("dir/a", "file a 644").containsEntry("dir/b", "file b 644")
                .containsEntry("dir/shared", "file from-b 644").containsEntry("only-a", "file 1 644")
                .containsEntry("dir", "dir 700");
        assertThat(s.tree(s.merge(b, a))).containsEntry("dir/shared", "file from-a 644")
                .containsEntry("dir", "dir 755");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlayfs", "native"})
    void aDeletionInALaterInputsLayerRemovesThePathFromWhatCameBefore(String kind) throws Exception {
        SnapshotSteps s = steps(kind);
        SnapshotId foo = s.files(Map.of("foo", "foo"));
        SnapshotId rmFoo = s.step(foo, r -> Files.delete(r.resolve("foo")));
        SnapshotId bar = s.step(rmFoo, r -> Files.writeString(r.resolve("bar"), "bar"));
        SnapshotId other = s.files(Map.of("foo", "other-foo", "keep", "k"));

        Map<String, String> merged = s.runTree(s.merge(other, bar));

        assertThat(merged).containsOnlyKeys("bar", "keep");
        // The other way round the later input's create of /foo overwrites the deletion.
        assertThat(s.tree(s.merge(bar, foo))).containsOnlyKeys("foo", "bar");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlayfs", "native"})
    void anOpaqueDirectoryInALaterInputReplacesWhatItsOwnChainHadThere(String kind) throws Exception {
        SnapshotSteps s = steps(kind);
        SnapshotId base = s.files(Map.of("d/old", "old", "d/sub/deep", "deep"));
        SnapshotId replaced = s.step(base, r -> {
            Files.delete(r.resolve("d/sub/deep"));
            Files.delete(r.resolve("d/sub"));
            Files.delete(r.resolve("d/old"));
            Files.delete(r.resolve("d"));
            Files.createDirectory(r.resolve("d"));
            Files.writeString(r.resolve("d/new"), "new");
        });
        SnapshotId earlier = s.files(Map.of("d/x", "x", "y", "y"));

        Map<String, String> merged = s.tree(s.merge(earlier, replaced));

        assertThat(merged).containsEntry("d/new", "file new 644").containsEntry("y", "file y 644")
                .doesNotContainKeys("d/old", "d/sub", "d/sub/deep");
        if (kind.equals("overlayfs")) {
            // overlayfs made d opaque, and an opaque directory hides all a lower layer had there, as in an image.
            assertThat(merged).doesNotContainKey("d/x");
        } else {
            // A native layer is a comparison of two trees, which sees deletions but not opacity (upstream's too).
            assertThat(merged).containsEntry("d/x", "file x 644");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlayfs", "native"})
    void symlinksAreMergedAsLinksAndNeverFollowedOutOfTheRoot(String kind) throws Exception {
        SnapshotSteps s = steps(kind);
        Path outside = Files.createDirectories(temp.resolve("outside"));
        SnapshotId links = s.step(null, r -> {
            Files.createSymbolicLink(r.resolve("d"), outside);
            Files.createSymbolicLink(r.resolve("rel"), Path.of("../../outside"));
            Files.createDirectory(r.resolve("target"));
            Files.writeString(r.resolve("target/f"), "t");
            Files.createSymbolicLink(r.resolve("to-target"), Path.of("target/f"));
        });
        SnapshotId dirs = s.files(Map.of("d/f", "inside", "rel/g", "inside-too"));

        Map<String, String> linksWin = s.tree(s.merge(dirs, links));
        assertThat(linksWin).containsEntry("d", "link " + outside).containsEntry("rel", "link ../../outside")
                .containsEntry("to-target", "link target/f").doesNotContainKeys("d/f", "rel/g");

        Map<String, String> dirsWin = s.tree(s.merge(links, dirs));
        assertThat(dirsWin).containsEntry("d/f", "file inside 644").containsEntry("rel/g", "file inside-too 644")
                .containsEntry("to-target", "link target/f");
        try (var list = Files.list(outside)) {
            assertThat(list).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlayfs", "native"})
    void theResultIsAChainOfTheFirstInputThenOneNewLayerPerLaterLayer(String kind) throws Exception {
        SnapshotSteps s = steps(kind);
        SnapshotId a = s.files(Map.of("a", "a"));
        SnapshotId b1 = s.files(Map.of("b", "1"));
        SnapshotId b2 = s.step(b1, r -> Files.writeString(r.resolve("b2"), "2"));

        SnapshotId merged = s.merge(a, b2);

        List<SnapshotId> chain = s.chain(merged);
        assertThat(chain).hasSize(3).startsWith(a).doesNotContain(b1, b2);
        assertThat(s.tree(chain.get(1))).containsOnlyKeys("a", "b");
        assertThat(s.tree(merged)).containsOnlyKeys("a", "b", "b2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlayfs", "native"})
    void aMergeOfOneInputIsThatInputAndAnInputBuiltOnTheMergeSoFarIsTakenAsItIs(String kind) throws Exception {
        SnapshotSteps s = steps(kind);
        SnapshotId a = s.files(Map.of("a", "a"));
        assertThat(s.merge(a)).isEqualTo(a);

        SnapshotId onA = s.step(a, r -> Files.writeString(r.resolve("more"), "m"));
        assertThat(s.merge(a, onA)).isEqualTo(onA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlayfs", "native"})
    void aCancelledMergeLeavesNoSnapshotOrMountBehind(String kind) throws Exception {
        SnapshotSteps s = steps(kind);
        SnapshotId a = s.files(Map.of("a", "a"));
        SnapshotId b = s.step(s.files(Map.of("big", "x".repeat(4 << 20))), r -> Files.writeString(r.resolve("c"), "c"));
        List<String> before = s.snapshotDirs();
        for (int checks : new int[] {0, 1, 2, 3, 10}) {
            ExecContext cancelling = SnapshotSteps.cancelledAfter(checks);
            assertThatThrownBy(() -> s.merge(cancelling, a, b)).isInstanceOf(CancellationException.class);
            assertThat(s.snapshotDirs()).as("after %d checks", checks).isEqualTo(before);
            assertThat(s.leftoverMounts()).isEmpty();
        }
        assertThat(s.tree(s.merge(a, b))).containsOnlyKeys("a", "big", "c");
    }

    @ParameterizedTest
    @ValueSource(strings = {"native"})
    void theCacheKeyTakesEveryInputByKeyAndAnInputOutOfRangeIsRefused(String kind) throws Exception {
        SnapshotSteps s = steps(kind);
        Op op = Op.newBuilder().setMerge(MergeOp.newBuilder().addInputs(MergeInput.newBuilder().setInput(0))
                .addInputs(MergeInput.newBuilder().setInput(3))).build();
        Vertex vertex = new Vertex("sha256:m", op, List.of(new Edge("sha256:a", 0), new Edge("sha256:b", 0)),
                OpMetadata.getDefaultInstance());
        CacheMap map = s.merger().cacheMap(vertex);
        assertThat(map.contentSelectors()).containsExactly(Optional.empty(), Optional.empty());
        assertThat(map.digest()).isNotEqualTo(s.differ().cacheMap(vertex).digest());

        SnapshotId a = s.files(Map.of("a", "a"));
        assertThatThrownBy(() -> s.merger().exec(vertex, List.of(new SnapshotResult(a), new SnapshotResult(a)),
                SnapshotSteps.RUNNING)).hasMessageContaining("merge input 1 names op input 3 but the op has 2 inputs");
    }
}
