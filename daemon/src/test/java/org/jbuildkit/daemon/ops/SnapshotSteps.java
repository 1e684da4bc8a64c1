package org.jbuildkit.daemon.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jbuildkit.api.pb.DiffOp;
import org.jbuildkit.api.pb.LowerDiffInput;
import org.jbuildkit.api.pb.MergeInput;
import org.jbuildkit.api.pb.MergeOp;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.OpMetadata;
import org.jbuildkit.api.pb.UpperDiffInput;
import org.jbuildkit.daemon.solver.Edge;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.solver.Vertex;
import org.jbuildkit.daemon.worker.snapshot.Mounter;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;
import org.jbuildkit.daemon.worker.snapshot.SnapshotterSelector;

/**
 * Snapshots for the merge and diff tests, made the way RUN steps make them: an active snapshot mounted,
 * changed through the mount (so overlayfs itself writes whiteouts and opaque directories), committed.
 * Runs the merge and diff runners on them and reads results back through mounts.
 */
final class SnapshotSteps implements AutoCloseable {
    /** A change made through a mounted active snapshot. */
    interface Change {
        void apply(Path root) throws IOException;
    }

    static final ExecContext RUNNING = new ExecContext() {
        @Override
        public void log(int stream, byte[] data) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    /** A context that reports cancellation from its {@code checks + 1}th question on. */
    static ExecContext cancelledAfter(int checks) {
        AtomicInteger asked = new AtomicInteger();
        return new ExecContext() {
            @Override
            public void log(int stream, byte[] data) {
            }

            @Override
            public boolean cancelled() {
                return asked.getAndIncrement() >= checks;
            }
        };
    }

    final Snapshotter snapshotter;
    final Path root;
    private final Path temp;
    private final Path mountRoot;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Path> mounted = new ArrayList<>();
    private final List<String> keys = new ArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();

    SnapshotSteps(String kind, Path temp) throws IOException {
        this.temp = temp;
        this.root = temp.resolve(kind + "-root");
        this.snapshotter = SnapshotterSelector.forConfig(kind, root);
        this.mountRoot = Files.createDirectories(temp.resolve("mounts"));
    }

    /** A step on {@code parent} (null: scratch) that makes {@code change}. */
    SnapshotId step(SnapshotId parent, Change change) throws IOException {
        String key = "step-" + counter.incrementAndGet();
        snapshotter.prepare(key, parent);
        Path target = temp.resolve("mnt-" + key);
        Mounter.mount(snapshotter.mounts(key), target);
        try {
            change.apply(target);
        } finally {
            Mounter.unmount(target);
            Files.delete(target);
        }
        return snapshotter.commit(key);
    }

    /** A step on scratch holding {@code files} (path to content), parents made as needed. */
    SnapshotId files(Map<String, String> files) throws IOException {
        return step(null, r -> write(r, files));
    }

    static void write(Path root, Map<String, String> files) throws IOException {
        for (var e : files.entrySet()) {
            Path p = root.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue());
        }
    }

    MergeOpRunner merger() {
        return new MergeOpRunner(snapshotter, executor);
    }

    DiffOpRunner differ() {
        return new DiffOpRunner(snapshotter, mountRoot, executor);
    }

    SnapshotId merge(SnapshotId... inputs) throws Exception {
        return merge(RUNNING, inputs);
    }

    SnapshotId merge(ExecContext context, SnapshotId... inputs) throws Exception {
        MergeOp.Builder merge = MergeOp.newBuilder();
        for (int i = 0; i < inputs.length; i++) {
            merge.addInputs(MergeInput.newBuilder().setInput(i));
        }
        return run(merger().exec(vertex(Op.newBuilder().setMerge(merge).build(), inputs.length),
                refs(inputs), context));
    }

    /** Diff of {@code lower} to {@code upper}; null stands for scratch, as input -1 does in LLB. */
    SnapshotId diff(SnapshotId lower, SnapshotId upper) throws Exception {
        return diff(RUNNING, lower, upper);
    }

    SnapshotId diff(ExecContext context, SnapshotId lower, SnapshotId upper) throws Exception {
        List<SnapshotId> inputs = new ArrayList<>();
        DiffOp.Builder diff = DiffOp.newBuilder();
        diff.setLower(LowerDiffInput.newBuilder().setInput(lower == null ? -1 : inputs.size()));
        if (lower != null) {
            inputs.add(lower);
        }
        diff.setUpper(UpperDiffInput.newBuilder().setInput(upper == null ? -1 : inputs.size()));
        if (upper != null) {
            inputs.add(upper);
        }
        SnapshotId[] array = inputs.toArray(SnapshotId[]::new);
        return run(differ().exec(vertex(Op.newBuilder().setDiff(diff).build(), array.length), refs(array), context));
    }

    private static Vertex vertex(Op op, int inputs) {
        List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            edges.add(new Edge("sha256:input" + i, 0));
        }
        return new Vertex("sha256:test", op, edges, OpMetadata.getDefaultInstance());
    }

    private static List<ResultRef> refs(SnapshotId... ids) {
        return Stream.of(ids).<ResultRef>map(SnapshotResult::new).toList();
    }

    private static SnapshotId run(List<ResultRef> results) {
        assertThat(results).hasSize(1);
        return ((SnapshotResult) results.get(0)).snapshot();
    }

    /** The tree a read-only view of {@code id} shows, as path to description. */
    Map<String, String> tree(SnapshotId id) throws IOException {
        String key = "view-" + counter.incrementAndGet();
        snapshotter.view(key, id);
        keys.add(key);
        return describe(mount(key));
    }

    /** The tree a RUN step on {@code id} starts from: an active snapshot on it, mounted. */
    Map<String, String> runTree(SnapshotId id) throws IOException {
        String key = "run-" + counter.incrementAndGet();
        snapshotter.prepare(key, id);
        keys.add(key);
        return describe(mount(key));
    }

    private Path mount(String key) throws IOException {
        Path target = temp.resolve("check-" + key);
        Mounter.mount(snapshotter.mounts(key), target);
        mounted.add(target);
        return target;
    }

    /** The layers of {@code id}'s chain, base first. */
    List<SnapshotId> chain(SnapshotId id) throws IOException {
        return LayerStack.chain(snapshotter, id);
    }

    /** Every snapshot directory under the root, to see that a failed op left nothing. */
    List<String> snapshotDirs() throws IOException {
        try (Stream<Path> dirs = Files.list(root.resolve("snapshots"))) {
            return dirs.map(d -> d.getFileName().toString()).sorted().toList();
        }
    }

    List<String> leftoverMounts() throws IOException {
        try (Stream<Path> entries = Files.list(mountRoot)) {
            return entries.map(Path::toString).toList();
        }
    }

    /** Path to "file <content> <mode>", "dir <mode>", "link <target>" or the device type, symlinks not followed. */
    static Map<String, String> describe(Path root) {
        var result = new TreeMap<String, String>();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.filter(p -> !p.equals(root)).forEach(p -> result.put(root.relativize(p).toString(), one(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    private static String one(Path p) {
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            String perms = Integer.toOctalString(mode & 07777);
            return switch (mode & 0170000) {
                case 0100000 -> "file " + Files.readString(p, StandardCharsets.UTF_8) + " " + perms;
                case 0040000 -> "dir " + perms;
                case 0120000 -> "link " + Files.readSymbolicLink(p);
                case 0020000 -> "chr";
                default -> "other";
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        for (int i = mounted.size() - 1; i >= 0; i--) {
            Mounter.unmount(mounted.get(i));
        }
        for (String key : keys) {
            snapshotter.remove(key);
        }
        executor.shutdownNow();
    }
}
