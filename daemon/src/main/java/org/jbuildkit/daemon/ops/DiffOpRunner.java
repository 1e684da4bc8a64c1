package org.jbuildkit.daemon.ops;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import org.jbuildkit.api.pb.DiffOp;
import org.jbuildkit.daemon.solver.CacheMap;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.OpRunner;
import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.solver.Vertex;
import org.jbuildkit.daemon.worker.snapshot.LayerDiffer;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;

/**
 * Diff ops, as upstream's DiffOp: the changes that turn lower into upper, as a snapshot chain of its own on
 * scratch. When lower is in upper's chain those are exactly the layers in between, replayed one by one (so an
 * exporter finds the same layers); otherwise one layer from comparing the two trees. Deletions are kept with
 * the layers ({@link Snapshotter#applyLayer}): mounted alone the diff shows only what was added or changed,
 * merged onto another base it deletes those paths there. A scratch lower gives upper itself.
 */
public final class DiffOpRunner implements OpRunner {
    private final Snapshotter snapshotter;
    private final Path mountRoot;
    private final LayerPipe pipe;

    public DiffOpRunner(Snapshotter snapshotter, Path mountRoot, Executor executor) {
        this.snapshotter = snapshotter;
        this.mountRoot = mountRoot;
        this.pipe = new LayerPipe(executor);
    }

    @Override
    public CacheMap cacheMap(Vertex vertex) {
        return CacheMap.byKeys(OpDigests.withoutInputs("diff", vertex.op()), vertex.inputs().size());
    }

    @Override
    public List<ResultRef> exec(Vertex vertex, List<ResultRef> inputs, ExecContext context) throws Exception {
        DiffOp op = vertex.op().getDiff();
        SnapshotId lower = snapshotOf(op.getLower().getInput(), inputs, "lower");
        SnapshotId upper = snapshotOf(op.getUpper().getInput(), inputs, "upper");
        if (lower == null && upper != null) {
            return List.of(new SnapshotResult(upper));
        }
        var stack = new LayerStack(snapshotter, pipe, context, "diff");
        boolean done = false;
        try {
            SnapshotId result = lower == null || lower.equals(upper) ? stack.empty() : diff(stack, lower, upper);
            done = true;
            return List.of(new SnapshotResult(result));
        } finally {
            if (!done) {
                stack.discard();
            }
        }
    }

    private SnapshotId diff(LayerStack stack, SnapshotId lower, SnapshotId upper) throws IOException {
        if (upper != null) {
            List<SnapshotId> chain = LayerStack.chain(snapshotter, upper);
            int at = chain.indexOf(lower);
            if (at >= 0) {
                SnapshotId top = null;
                for (SnapshotId layer : chain.subList(at + 1, chain.size())) {
                    top = stack.replay(top, layer);
                }
                return top;
            }
        }
        try (ReadOnlyTree lowerTree = ReadOnlyTree.open(snapshotter, mountRoot, lower, "diff");
                ReadOnlyTree upperTree = ReadOnlyTree.open(snapshotter, mountRoot, upper, "diff")) {
            return stack.push(null, out -> LayerDiffer.compare(lowerTree.root(), upperTree.root(), out));
        }
    }

    /** The snapshot of op input {@code index}, or null for scratch (a negative index). */
    private static SnapshotId snapshotOf(long index, List<ResultRef> inputs, String side) {
        if (index < 0) {
            return null;
        }
        if (index >= inputs.size()) {
            throw new IllegalArgumentException("the diff's " + side + " side names op input " + index
                    + " but the op has " + inputs.size() + " inputs");
        }
        return ((SnapshotResult) inputs.get((int) index)).snapshot();
    }
}
