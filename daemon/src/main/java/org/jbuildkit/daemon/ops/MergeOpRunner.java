package org.jbuildkit.daemon.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.jbuildkit.api.pb.MergeInput;
import org.jbuildkit.daemon.solver.CacheMap;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.OpRunner;
import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.solver.Vertex;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;

/**
 * Merge ops, as upstream's MergeOp: each input's layers applied in order on top of the previous ones, so later
 * inputs win on conflicting paths, a deletion one of an input's layers made removes that path from what came
 * before, and what a later input never had stays.
 *
 * <p>The result is a real snapshot chain: the first input's snapshot as it is, then one new snapshot per layer
 * of each later input (base first), made by applying that layer's tar ({@link Snapshotter#writeLayer},
 * deletions included) onto the top. So it mounts like any other snapshot on both snapshotters, and an image
 * exporter writes it layer by layer, each layer like the input layer it replays, as upstream exports a merge.
 * The cost is that replayed layers are copied where upstream hardlinks them.
 */
public final class MergeOpRunner implements OpRunner {
    private final Snapshotter snapshotter;
    private final LayerPipe pipe;

    public MergeOpRunner(Snapshotter snapshotter, Executor executor) {
        this.snapshotter = snapshotter;
        this.pipe = new LayerPipe(executor);
    }

    @Override
    public CacheMap cacheMap(Vertex vertex) {
        return CacheMap.byKeys(OpDigests.withoutInputs("merge", vertex.op()), vertex.inputs().size());
    }

    @Override
    public List<ResultRef> exec(Vertex vertex, List<ResultRef> inputs, ExecContext context) throws Exception {
        List<SnapshotId> sources = new ArrayList<>();
        for (MergeInput input : vertex.op().getMerge().getInputsList()) {
            if (input.getInput() < 0 || input.getInput() >= inputs.size()) {
                throw new IllegalArgumentException("merge input " + sources.size() + " names op input "
                        + input.getInput() + " but the op has " + inputs.size() + " inputs");
            }
            sources.add(((SnapshotResult) inputs.get((int) input.getInput())).snapshot());
        }
        var stack = new LayerStack(snapshotter, pipe, context, "merge");
        if (sources.isEmpty()) {
            return List.of(new SnapshotResult(stack.empty()));
        }
        boolean done = false;
        try {
            SnapshotId top = sources.get(0);
            for (SnapshotId source : sources.subList(1, sources.size())) {
                List<SnapshotId> chain = LayerStack.chain(snapshotter, source);
                if (chain.contains(top)) {
                    // The input was built on everything merged so far, and replaying those layers on
                    // themselves leaves the same tree: only its own layers are new.
                    top = source;
                    continue;
                }
                for (SnapshotId layer : chain) {
                    top = stack.replay(top, layer);
                }
            }
            done = true;
            return List.of(new SnapshotResult(top));
        } finally {
            if (!done) {
                stack.discard();
            }
        }
    }
}
