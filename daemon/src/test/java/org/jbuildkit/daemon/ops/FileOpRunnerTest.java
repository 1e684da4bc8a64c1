package org.jbuildkit.daemon.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jbuildkit.api.pb.ChownOpt;
import org.jbuildkit.api.pb.FileAction;
import org.jbuildkit.api.pb.FileActionCopy;
import org.jbuildkit.api.pb.FileActionMkDir;
import org.jbuildkit.api.pb.FileActionMkFile;
import org.jbuildkit.api.pb.FileActionRm;
import org.jbuildkit.api.pb.FileActionSymlink;
import org.jbuildkit.api.pb.FileOp;
import org.jbuildkit.api.pb.NamedUserOpt;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.OpMetadata;
import org.jbuildkit.api.pb.UserOpt;
import org.jbuildkit.daemon.solver.Edge;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.solver.Vertex;
import org.jbuildkit.daemon.worker.snapshot.Mounter;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.SnapshotView;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;
import org.jbuildkit.daemon.worker.snapshot.SnapshotterSelector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** File ops over real snapshotters in a temp dir (the tests run as root, so chown and mounts work). */
class FileOpRunnerTest {
    private static final ExecContext CONTEXT = new ExecContext() {
        @Override
        public void log(int stream, byte[] data) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    @TempDir
    Path temp;

    private final List<Path> mounted = new ArrayList<>();
    private int views;

    @AfterEach
    void unmountAndCheckNoLeaks() throws IOException {
        for (int i = mounted.size() - 1; i >= 0; i--) {
            Mounter.unmount(mounted.get(i));
        }
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(temp.toString());
    }

    private Snapshotter snapshotter(String name) throws IOException {
        return SnapshotterSelector.forConfig(name, temp.resolve(name + "-root"));
    }

    private FileOpRunner runner(Snapshotter s) throws IOException {
        return new FileOpRunner(s, Files.createDirectories(temp.resolve("mounts")));
    }

    private List<ResultRef> run(Snapshotter s, List<SnapshotId> inputs, FileAction... actions) throws Exception {
        Op op = Op.newBuilder().setFile(FileOp.newBuilder().addAllActions(List.of(actions))).build();
        List<Edge> edges = inputs.stream().map(i -> new Edge(i.value(), 0)).toList();
        Vertex vertex = new Vertex("sha256:test", op, edges, OpMetadata.getDefaultInstance());
        List<ResultRef> refs = inputs.stream().<ResultRef>map(SnapshotResult::new).toList();
        return runner(s).exec(vertex, refs, CONTEXT);
    }

    private Path tree(Snapshotter s, ResultRef ref) throws IOException {
        SnapshotView v = s.view("check-" + views++, ((SnapshotResult) ref).snapshot());
        Path target = temp.resolve("check-" + mounted.size());
        Mounter.mount(v.mounts(), target);
        mounted.add(target);
        return target;
    }

    /** A snapshot holding {@code files}, each with its parent directories, made by one chained file op. */
    private SnapshotId base(Snapshotter s, Map<String, String> files) throws Exception {
        List<FileAction> actions = new ArrayList<>();
        for (var e : new java.util.TreeMap<>(files).entrySet()) {
            String parent = e.getKey().substring(0, e.getKey().lastIndexOf('/') + 1);
            actions.add(action(actions.size() - 1, -1).setMkdir(mkdir(parent, true)).build());
            actions.add(action(actions.size() - 1, -1, mkfile(e.getKey(), e.getValue())));
        }
        actions.set(actions.size() - 1, actions.get(actions.size() - 1).toBuilder().setOutput(0).build());
        return ((SnapshotResult) run(s, List.of(), actions.toArray(FileAction[]::new)).get(0)).snapshot();
    }

    private static FileAction.Builder action(long input, long output) {
        return FileAction.newBuilder().setInput(input).setSecondaryInput(-1).setOutput(output);
    }

    private static FileAction action(long input, long output, FileActionMkFile mkfile) {
        return action(input, output).setMkfile(mkfile).build();
    }

    private static FileActionMkFile mkfile(String path, String data) {
        return FileActionMkFile.newBuilder().setPath(path).setMode(0644).setTimestamp(-1)
                .setData(ByteString.copyFromUtf8(data)).build();
    }

    private static FileActionMkDir.Builder mkdir(String path, boolean parents) {
        return FileActionMkDir.newBuilder().setPath(path).setMode(0755).setMakeParents(parents).setTimestamp(-1);
    }

    private static FileActionCopy.Builder copy(String src, String dest) {
        return FileActionCopy.newBuilder().setSrc(src).setDest(dest).setMode(-1).setTimestamp(-1)
                .setFollowSymlink(true).setCreateDestPath(true);
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    private static int attr(Path p, String name) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:" + name, LinkOption.NOFOLLOW_LINKS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "overlayfs"})
    void chainedActionsOnScratchMakeDirsFilesAndLinks(String kind) throws Exception {
        Snapshotter s = snapshotter(kind);
        List<ResultRef> out = run(s, List.of(),
                action(-1, -1).setMkdir(mkdir("/a/b", true).setMode(0750)).build(),
                action(0, -1).setMkfile(mkfile("/a/b/f", "hello").toBuilder().setMode(0600)
                        .setTimestamp(1_000_000_000_000L)).build(),
                action(1, 0).setSymlink(FileActionSymlink.newBuilder().setOldpath("b/f").setNewpath("/a/link")
                        .setTimestamp(-1)).build());
        Path root = tree(s, out.get(0));
        assertThat(read(root.resolve("a/b/f"))).isEqualTo("hello");
        assertThat(attr(root.resolve("a/b/f"), "mode") & 07777).isEqualTo(0600);
        assertThat(attr(root.resolve("a/b"), "mode") & 07777).isEqualTo(0750);
        assertThat(Files.getLastModifiedTime(root.resolve("a/b/f")).toMillis()).isEqualTo(1_000_000L);
        assertThat(Files.readSymbolicLink(root.resolve("a/link")).toString()).isEqualTo("b/f");
        assertThat(read(root.resolve("a/link"))).isEqualTo("hello");
    }

    @Test
    void oneActionsResultFeedsTwoOutputsAndALaterCopy() throws Exception {
        Snapshotter s = snapshotter("native");
        List<ResultRef> out = run(s, List.of(),
                action(-1, -1, mkfile("/shared", "s")),
                action(0, -1, mkfile("/only-in-first", "1")),
                action(1, 0, mkfile("/also-in-first", "1")),
                action(0, -1).setSecondaryInput(2).setCopy(copy("/only-in-first", "/copied")).build(),
                action(3, 1, mkfile("/only-in-second", "2")));
        Path first = tree(s, out.get(0));
        Path second = tree(s, out.get(1));
        assertThat(first.resolve("shared")).exists();
        assertThat(first.resolve("only-in-first")).exists();
        assertThat(first.resolve("also-in-first")).exists();
        assertThat(first.resolve("only-in-second")).doesNotExist();
        assertThat(read(second.resolve("copied"))).isEqualTo("1");
        assertThat(second.resolve("shared")).exists();
        assertThat(second.resolve("only-in-first")).doesNotExist();
        assertThat(second.resolve("only-in-second")).exists();
    }

    @Test
    void anActionCannotReadALaterOne() throws Exception {
        Snapshotter s = snapshotter("native");
        assertThatThrownBy(() -> run(s, List.of(), action(1, 0, mkfile("/f", "x")), action(-1, -1, mkfile("/g", "y"))))
                .hasMessageContaining("file action 0 reads the input 1, which is neither an op input nor an earlier"
                        + " action");
    }

    @Test
    void mkdirWithoutParentsFailsWhenTheParentIsMissingAndIgnoresAnExistingDir() throws Exception {
        Snapshotter s = snapshotter("native");
        assertThatThrownBy(() -> run(s, List.of(), action(-1, 0).setMkdir(mkdir("/x/y", false)).build()))
                .hasMessageContaining("mkdir /x/y: the parent directory does not exist");
        SnapshotId base = base(s, Map.of("/f", "1"));
        List<ResultRef> out = run(s, List.of(base), action(0, 0).setMkdir(mkdir("/", false)).build());
        assertThat(read(tree(s, out.get(0)).resolve("f"))).isEqualTo("1");
    }

    @Test
    void rmRemovesPathsAndWildcardsAndRefusesMissingOnesUnlessAllowed() throws Exception {
        Snapshotter s = snapshotter("native");
        SnapshotId base = base(s, Map.of("/a.txt", "a", "/b.txt", "b", "/c.md", "c"));
        List<ResultRef> out = run(s, List.of(base), action(0, 0).setRm(FileActionRm.newBuilder().setPath("/*.txt")
                .setAllowWildcard(true)).build());
        Path root = tree(s, out.get(0));
        assertThat(root.resolve("a.txt")).doesNotExist();
        assertThat(root.resolve("b.txt")).doesNotExist();
        assertThat(read(root.resolve("c.md"))).isEqualTo("c");
        assertThatThrownBy(() -> run(s, List.of(base), action(0, 0).setRm(FileActionRm.newBuilder()
                .setPath("/nope")).build())).hasMessageContaining("rm /nope: no such file or directory");
        List<ResultRef> allowed = run(s, List.of(base), action(0, 0).setRm(FileActionRm.newBuilder()
                .setPath("/nope").setAllowNotFound(true)).build());
        assertThat(tree(s, allowed.get(0)).resolve("c.md")).exists();
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "overlayfs"})
    void copyAcrossTwoInputsWithChownAndChmod(String kind) throws Exception {
        Snapshotter s = snapshotter(kind);
        SnapshotId src = base(s, Map.of("/src/dir/one", "1"));
        SnapshotId dest = base(s, Map.of("/etc/passwd", "root:x:0:0::/root:/bin/sh\napp:x:1234:2345::/:/bin/sh\n"));
        FileAction copyDir = action(1, -1).setSecondaryInput(0).setCopy(copy("/src/dir", "/out/")
                .setMode(0700).setOwner(ChownOpt.newBuilder().setUser(UserOpt.newBuilder()
                        .setByName(NamedUserOpt.newBuilder().setName("app").setInput(-1))))).build();
        FileAction copyFile = action(2, 0).setSecondaryInput(0).setCopy(copy("/src/dir/one", "/renamed")
                .setOwner(ChownOpt.newBuilder().setUser(UserOpt.newBuilder().setByID(42))
                        .setGroup(UserOpt.newBuilder().setByID(43)))).build();
        Path root = tree(s, run(s, List.of(src, dest), copyDir, copyFile).get(0));
        assertThat(read(root.resolve("out/dir/one"))).isEqualTo("1");
        assertThat(attr(root.resolve("out/dir/one"), "uid")).isEqualTo(1234);
        assertThat(attr(root.resolve("out/dir/one"), "gid")).isEqualTo(2345);
        assertThat(attr(root.resolve("out/dir/one"), "mode") & 07777).isEqualTo(0700);
        assertThat(attr(root.resolve("out/dir"), "uid")).isEqualTo(1234);
        assertThat(read(root.resolve("renamed"))).isEqualTo("1");
        assertThat(attr(root.resolve("renamed"), "uid")).isEqualTo(42);
        assertThat(attr(root.resolve("renamed"), "gid")).isEqualTo(43);
        assertThat(attr(root.resolve("renamed"), "mode") & 07777).isEqualTo(0644);
    }

    @Test
    void copyOfDirContentsWithWildcardsAndPatterns() throws Exception {
        Snapshotter s = snapshotter("native");
        SnapshotId src = base(s, Map.of("/s/a.txt", "a", "/s/b.txt", "b", "/s/c.log", "c", "/s/sub/d.txt", "d",
                "/s/sub/e.log", "e"));
        FileAction wildcard = action(-1, 0).setSecondaryInput(0).setCopy(copy("/s/*.txt", "/w/")
                .setAllowWildcard(true)).build();
        Path w = tree(s, run(s, List.of(src), wildcard).get(0));
        assertThat(w.resolve("w/a.txt")).exists();
        assertThat(w.resolve("w/b.txt")).exists();
        assertThat(w.resolve("w/c.log")).doesNotExist();

        FileAction patterned = action(-1, 0).setSecondaryInput(0).setCopy(copy("/s", "/p").setDirCopyContents(true)
                .addIncludePatterns("**/*.txt").addExcludePatterns("sub/d.txt")).build();
        Path p = tree(s, run(s, List.of(src), patterned).get(0));
        assertThat(p.resolve("p/a.txt")).exists();
        assertThat(p.resolve("p/c.log")).doesNotExist();
        assertThat(p.resolve("p/sub/d.txt")).doesNotExist();
        assertThat(p.resolve("p/sub/e.log")).doesNotExist();

        assertThatThrownBy(() -> run(s, List.of(src), action(-1, 0).setSecondaryInput(0)
                .setCopy(copy("/s/*.none", "/x/").setAllowWildcard(true)).build()))
                .hasMessageContaining("wildcard matched nothing");
        List<ResultRef> empty = run(s, List.of(src), action(-1, 0).setSecondaryInput(0)
                .setCopy(copy("/s/*.none", "/x/").setAllowWildcard(true).setAllowEmptyWildcard(true)).build());
        assertThat(tree(s, empty.get(0)).resolve("x")).doesNotExist();
    }

    @Test
    void copyRefusesToReplaceADirectoryWithAFileUnlessAsked() throws Exception {
        Snapshotter s = snapshotter("native");
        SnapshotId src = base(s, Map.of("/d/x", "file"));
        SnapshotId dest = base(s, Map.of("/t/x/inner", "dir"));
        FileAction plain = action(1, 0).setSecondaryInput(0).setCopy(copy("/d", "/t")
                .setDirCopyContents(true)).build();
        assertThatThrownBy(() -> run(s, List.of(src, dest), plain)).hasMessageContaining("cannot replace directory");
        FileAction replacing = plain.toBuilder().setCopy(plain.getCopy().toBuilder()
                .setAlwaysReplaceExistingDestPaths(true)).build();
        assertThat(read(tree(s, run(s, List.of(src, dest), replacing).get(0)).resolve("t/x"))).isEqualTo("file");
    }

    @Test
    void pathsAndSymlinksCannotEscapeTheRoot() throws Exception {
        Snapshotter s = snapshotter("native");
        Path outside = Files.createDirectories(temp.resolve("outside"));
        SnapshotId base = base(s, Map.of("/f", "x"));
        List<ResultRef> linked = run(s, List.of(base),
                action(0, -1).setSymlink(FileActionSymlink.newBuilder().setOldpath(outside.toString())
                        .setNewpath("/abs").setTimestamp(-1)).build(),
                action(1, 0).setSymlink(FileActionSymlink.newBuilder().setOldpath("../../../../../../" + outside)
                        .setNewpath("/rel").setTimestamp(-1)).build());
        SnapshotId withLinks = ((SnapshotResult) linked.get(0)).snapshot();

        List<ResultRef> out = run(s, List.of(withLinks),
                action(0, -1).setMkfile(mkfile("/../../../../" + outside + "/dotdot", "x")
                        .toBuilder().setPath("/../../../../dotdot")).build(),
                action(1, -1).setMkdir(mkdir("/abs/made", true)).build(),
                action(2, -1).setMkfile(mkfile("/rel/viarel", "x")).build(),
                action(3, 0).setMkdir(mkdir("/abs/x/y", true)).build());
        assertThat(outside).isEmptyDirectory();
        Path root = tree(s, out.get(0));
        assertThat(root.resolve("dotdot")).exists();
        assertThat(root.resolve(outside.toString().substring(1)).resolve("made")).isDirectory();
        assertThat(root.resolve(outside.toString().substring(1)).resolve("viarel")).exists();

        assertThatThrownBy(() -> run(s, List.of(withLinks), action(0, 0)
                .setMkfile(mkfile("/abs/nodir/f", "x")).build()))
                .hasMessageContaining("the parent directory does not exist");
        Files.writeString(outside.resolve("secret"), "host");
        assertThatThrownBy(() -> run(s, List.of(withLinks), action(-1, 0).setSecondaryInput(0)
                .setCopy(copy("/abs/secret", "/stolen")).build())).hasMessageContaining("not found in the source");
        List<ResultRef> rm = run(s, List.of(withLinks), action(0, 0).setRm(FileActionRm.newBuilder()
                .setPath("/rel/secret").setAllowNotFound(true)).build());
        assertThat(tree(s, rm.get(0)).resolve("f")).exists();
        assertThat(outside.resolve("secret")).hasContent("host");

        SnapshotId src = base(s, Map.of("/payload", "p"));
        List<ResultRef> copied = run(s, List.of(src, withLinks),
                action(1, -1).setSecondaryInput(0).setCopy(copy("/payload", "/abs/through-abs")).build(),
                action(2, -1).setSecondaryInput(0).setCopy(copy("/payload", "/rel/")).build(),
                action(3, 0).setSecondaryInput(0).setCopy(copy("/../../payload", "/../../../dotdot-copy")).build());
        assertThat(outside).isDirectoryContaining(p -> p.getFileName().toString().equals("secret"))
                .isDirectoryNotContaining(p -> !p.getFileName().toString().equals("secret"));
        Path copiedRoot = tree(s, copied.get(0));
        Path inside = copiedRoot.resolve(outside.toString().substring(1));
        assertThat(read(inside.resolve("through-abs"))).isEqualTo("p");
        assertThat(read(inside.resolve("payload"))).isEqualTo("p");
        assertThat(read(copiedRoot.resolve("dotdot-copy"))).isEqualTo("p");
    }

    @Test
    void excludeNegationKeepsAFileTheBroaderPatternDropped() throws Exception {
        Snapshotter s = snapshotter("native");
        SnapshotId src = base(s, Map.of("/s/a.txt", "a", "/s/keep.txt", "k", "/s/d/b.txt", "b"));
        FileAction copy = action(-1, 0).setSecondaryInput(0).setCopy(copy("/s/", "/o/").setDirCopyContents(true)
                .addExcludePatterns("**/*.txt").addExcludePatterns("!keep.txt")).build();
        Path o = tree(s, run(s, List.of(src), copy).get(0)).resolve("o");
        assertThat(o.resolve("keep.txt")).exists();
        assertThat(o.resolve("a.txt")).doesNotExist();
        assertThat(o.resolve("d/b.txt")).doesNotExist();
    }

    @Test
    void namedOwnerMissingFromTheTargetIsExplained() throws Exception {
        Snapshotter s = snapshotter("native");
        assertThatThrownBy(() -> run(s, List.of(), action(-1, 0).setMkfile(mkfile("/f", "x").toBuilder()
                .setOwner(ChownOpt.newBuilder().setUser(UserOpt.newBuilder().setByName(NamedUserOpt.newBuilder()
                        .setName("nobody-here").setInput(-1))))).build()))
                .hasMessageContaining("unable to find user nobody-here")
                .hasMessageContaining("give a numeric id");
    }

    @Test
    void ownerNamesLookedUpInAnotherInputAreRefused() throws Exception {
        Snapshotter s = snapshotter("native");
        SnapshotId users = base(s, Map.of("/etc/passwd", "app:x:7:7::/:/bin/sh\n"));
        SnapshotId target = base(s, Map.of("/f", "x"));
        assertThatThrownBy(() -> run(s, List.of(users, target), action(1, 0).setMkfile(mkfile("/g", "x").toBuilder()
                .setOwner(ChownOpt.newBuilder().setUser(UserOpt.newBuilder().setByName(NamedUserOpt.newBuilder()
                        .setName("app").setInput(0))))).build()))
                .hasMessageContaining("looks up owner app in input 0, not in the tree it changes (input 1)");
    }

    @Test
    void aFileThatIsNoArchiveIsCopiedAsItIsWhenUnpackingIsAttempted() throws Exception {
        Snapshotter s = snapshotter("native");
        SnapshotId src = base(s, Map.of("/a.tar", "x"));
        Path root = tree(s, run(s, List.of(src), action(-1, 0).setSecondaryInput(0)
                .setCopy(copy("/a.tar", "/").setAttemptUnpackDockerCompatibility(true)).build()).get(0));
        assertThat(Files.readString(root.resolve("a.tar"))).isEqualTo("x");
    }

    @Test
    void cacheMapIgnoresInputIdentity() throws Exception {
        FileOpRunner runner = runner(snapshotter("native"));
        Op a = Op.newBuilder().addInputs(org.jbuildkit.api.pb.Input.newBuilder().setDigest("sha256:a"))
                .setFile(FileOp.newBuilder().addActions(action(0, 0, mkfile("/f", "x")))).build();
        Op b = a.toBuilder().setInputs(0, org.jbuildkit.api.pb.Input.newBuilder().setDigest("sha256:b")).build();
        var ma = runner.cacheMap(new Vertex("a", a, List.of(new Edge("a", 0)), OpMetadata.getDefaultInstance()));
        var mb = runner.cacheMap(new Vertex("b", b, List.of(new Edge("b", 0)), OpMetadata.getDefaultInstance()));
        assertThat(ma.digest()).isEqualTo(mb.digest());
        assertThat(ma.contentSelectors()).hasSize(1).allMatch(java.util.Optional::isEmpty);
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "overlayfs"})
    void aLinkedCopyNeverLetsALaterWriteReachItsSource(String kind) throws Exception {
        Snapshotter s = snapshotter(kind);
        SnapshotId source = base(s, Map.of("/src/a.txt", "original"));
        // Copy /src/a.txt, then overwrite the copy in the same op: the source snapshot must keep its bytes.
        List<ResultRef> out = run(s, List.of(source),
                action(-1, -1).setSecondaryInput(0).setCopy(copy("/src/a.txt", "/a.txt")).build(),
                action(1, 0, mkfile("/a.txt", "overwritten")));
        assertThat(read(tree(s, out.get(0)).resolve("a.txt"))).isEqualTo("overwritten");
        assertThat(read(tree(s, new SnapshotResult(source)).resolve("src/a.txt"))).isEqualTo("original");

        List<ResultRef> kept = run(s, List.of(source),
                action(-1, 0).setSecondaryInput(0).setCopy(copy("/src/a.txt", "/b.txt")).build());
        assertThat(read(tree(s, kept.get(0)).resolve("b.txt"))).isEqualTo("original");
        List<ResultRef> owned = run(s, List.of(source), action(-1, 0).setSecondaryInput(0)
                .setCopy(copy("/src/a.txt", "/c.txt").setMode(0600)).build());
        assertThat(attr(tree(s, owned.get(0)).resolve("c.txt"), "mode") & 0777).isEqualTo(0600);
        assertThat(attr(tree(s, new SnapshotResult(source)).resolve("src/a.txt"), "mode") & 0777).isEqualTo(0644);
    }
}
