package org.jbuildkit.daemon.ops;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.jbuildkit.api.Identity;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;

/**
 * The new snapshots one merge or diff makes: each layer tar is applied onto a fresh snapshot on the chain's
 * top and committed, so the result is a chain of real layers. When the op fails or is cancelled,
 * {@link #discard()} removes what it committed, newest first, and no active snapshot is left behind.
 */
final class LayerStack {
    private final Snapshotter snapshotter;
    private final LayerPipe pipe;
    private final ExecContext context;
    private final String kind;
    private final List<SnapshotId> created = new ArrayList<>();

    LayerStack(Snapshotter snapshotter, LayerPipe pipe, ExecContext context, String kind) {
        this.snapshotter = snapshotter;
        this.pipe = pipe;
        this.context = context;
        this.kind = kind;
    }

    /** Committed snapshot {@code layer}'s own changes, deletions included, as a new layer on {@code parent}. */
    SnapshotId replay(SnapshotId parent, SnapshotId layer) throws IOException {
        return push(parent, out -> snapshotter.writeLayer(layer, out));
    }

    /** The layer {@code writer} writes, applied onto a new snapshot on {@code parent} (null: scratch). */
    SnapshotId push(SnapshotId parent, LayerPipe.Writer writer) throws IOException {
        if (context.cancelled()) {
            throw new CancellationException("the build was cancelled");
        }
        String key = kind + "-" + Identity.newId();
        snapshotter.prepare(key, parent);
        boolean committed = false;
        try {
            pipe.transfer(writer, in -> snapshotter.applyLayer(key, in), context);
            SnapshotId id = snapshotter.commit(key);
            committed = true;
            created.add(id);
            return id;
        } finally {
            if (!committed) {
                ExecMountSet.uninterruptibly(() -> snapshotter.remove(key));
            }
        }
    }

    /** A snapshot of an empty tree. */
    SnapshotId empty() throws IOException {
        String key = kind + "-" + Identity.newId();
        snapshotter.prepare(key, null);
        SnapshotId id = snapshotter.commit(key);
        created.add(id);
        return id;
    }

    /** Removes every snapshot this stack committed, newest first (each is the parent of the next). */
    void discard() {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                snapshotter.remove(created.get(i));
            } catch (IOException e) {
                // The failure being reported matters more; an unreferenced snapshot is left for prune.
            }
        }
        created.clear();
    }

    /** {@code top} and the committed layers below it, base first. */
    static List<SnapshotId> chain(Snapshotter snapshotter, SnapshotId top) throws IOException {
        var chain = new ArrayList<SnapshotId>();
        Optional<SnapshotId> next = Optional.of(top);
        while (next.isPresent()) {
            chain.add(next.get());
            next = snapshotter.parent(next.get());
        }
        Collections.reverse(chain);
        return chain;
    }
}
