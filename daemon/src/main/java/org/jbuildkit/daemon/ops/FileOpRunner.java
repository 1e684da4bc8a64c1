package org.jbuildkit.daemon.ops;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.jbuildkit.api.Identity;
import org.jbuildkit.api.pb.ChownOpt;
import org.jbuildkit.api.pb.FileAction;
import org.jbuildkit.api.pb.FileOp;
import org.jbuildkit.api.pb.UserOpt;
import org.jbuildkit.daemon.solver.CacheMap;
import org.jbuildkit.daemon.solver.ContentSelector;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.OpRunner;
import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.solver.Vertex;
import org.jbuildkit.daemon.worker.snapshot.ActiveSnapshot;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;

/**
 * File ops: each action runs on a writable snapshot of its input (an op input, an earlier action's
 * result, or scratch), shared with the actions it alone feeds; a copy reads its source through a
 * read-only view. Actions marked with an output index become the op's results.
 */
public final class FileOpRunner implements OpRunner {
    private final Snapshotter snapshotter;
    private final Path mountRoot;
    private final LocalContexts contexts;

    public FileOpRunner(Snapshotter snapshotter, Path mountRoot) {
        this(snapshotter, mountRoot, new LocalContexts());
    }

    /** {@code contexts} tell which inputs are clients' local directories, to explain a missing COPY source. */
    public FileOpRunner(Snapshotter snapshotter, Path mountRoot, LocalContexts contexts) {
        this.snapshotter = snapshotter;
        this.mountRoot = mountRoot;
        this.contexts = contexts;
    }

    /**
     * An input that copies read from is keyed by the content of the paths they read (upstream's
     * selectors), so a COPY stays cached while those bytes do; an input an action writes on top of is
     * keyed by its cache key, since the whole tree becomes part of the result.
     */
    @Override
    public CacheMap cacheMap(Vertex vertex) {
        FileOp op = vertex.op().getFile();
        int inputs = vertex.inputs().size();
        List<List<ContentSelector.Selection>> read = new java.util.ArrayList<>();
        boolean[] base = new boolean[inputs];
        for (int i = 0; i < inputs; i++) {
            read.add(new java.util.ArrayList<>());
        }
        for (FileAction action : op.getActionsList()) {
            if (action.getInput() >= 0 && action.getInput() < inputs) {
                base[(int) action.getInput()] = true;
            }
            if (action.hasCopy() && action.getSecondaryInput() >= 0 && action.getSecondaryInput() < inputs) {
                var copy = action.getCopy();
                read.get((int) action.getSecondaryInput()).add(new ContentSelector.Selection(
                        copy.getSrc().startsWith("/") ? copy.getSrc() : "/" + copy.getSrc(),
                        copy.getAllowWildcard(), copy.getFollowSymlink()));
            }
        }
        List<java.util.Optional<String>> selectors = new java.util.ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            selectors.add(base[i] || read.get(i).isEmpty() ? java.util.Optional.empty()
                    : java.util.Optional.of(new ContentSelector(read.get(i)).encode()));
        }
        return new CacheMap(OpDigests.withoutInputs("file", vertex.op()), selectors, CacheParts.file(vertex.op()));
    }

    @Override
    public List<ResultRef> exec(Vertex vertex, List<ResultRef> inputs, ExecContext context) throws Exception {
        FileOp op = vertex.op().getFile();
        int outputs = 0;
        for (FileAction action : op.getActionsList()) {
            outputs = Math.max(outputs, (int) action.getOutput() + 1);
        }
        SnapshotId[] actionResults = new SnapshotId[op.getActionsCount()];
        ResultRef[] results = new ResultRef[outputs];
        boolean done = false;
        try {
            runActions(op, inputs, context, actionResults, results);
            done = true;
        } finally {
            if (!done) {
                discard(actionResults);
            }
        }
        for (int o = 0; o < outputs; o++) {
            if (results[o] == null) {
                throw new IllegalArgumentException("file op output " + o + " is produced by no action");
            }
        }
        return Arrays.asList(results);
    }

    private void runActions(FileOp op, List<ResultRef> inputs, ExecContext context, SnapshotId[] actionResults,
            ResultRef[] results) throws IOException {
        int first = 0;
        while (first < op.getActionsCount()) {
            int last = first;
            while (fusesWithNext(op, last, inputs.size())) {
                last++;
            }
            SnapshotId parent = snapshotOf(op.getActions(first).getInput(), inputs, actionResults, first, "input");
            actionResults[last] = applyChain(op, first, last, parent, inputs, actionResults, context);
            FileAction action = op.getActions(last);
            if (action.getOutput() >= 0) {
                results[(int) action.getOutput()] = new SnapshotResult(actionResults[last]);
            }
            first = last + 1;
        }
    }

    /**
     * Whether action {@code i} only feeds the next one, so both can run in one writable snapshot
     * (a native snapshot is a full copy; one per action would copy the tree for every mkfile).
     */
    private static boolean fusesWithNext(FileOp op, int i, int inputs) {
        if (i + 1 >= op.getActionsCount() || op.getActions(i).getOutput() >= 0
                || op.getActions(i + 1).getInput() != inputs + i) {
            return false;
        }
        for (int j = 0; j < op.getActionsCount(); j++) {
            FileAction other = op.getActions(j);
            if (other.getSecondaryInput() == inputs + i || (j != i + 1 && other.getInput() == inputs + i)) {
                return false;
            }
        }
        return true;
    }

    /** Drops what the actions before a failure committed, newest first, so later ones free earlier ones. */
    private void discard(SnapshotId[] actionResults) {
        for (int i = actionResults.length - 1; i >= 0; i--) {
            if (actionResults[i] != null) {
                try {
                    snapshotter.remove(actionResults[i]);
                } catch (IOException e) {
                    // The failure being reported matters more; an unreferenced snapshot is left for prune.
                }
            }
        }
    }

    /** Runs actions {@code first..last} (each the input of the next) in one snapshot and commits it. */
    private SnapshotId applyChain(FileOp op, int first, int last, SnapshotId parent, List<ResultRef> inputs,
            SnapshotId[] actionResults, ExecContext context) throws IOException {
        String key = "file-" + Identity.newId();
        ActiveSnapshot active = snapshotter.prepare(key, parent);
        boolean committed = false;
        try {
            try (MountedTree dest = MountedTree.open(mountRoot, key, active.mounts())) {
                for (int index = first; index <= last; index++) {
                    if (context.cancelled()) {
                        throw new CancellationException("the build was cancelled");
                    }
                    apply(op.getActions(index), dest.root(), inputs, actionResults, index);
                }
            }
            SnapshotId id = snapshotter.commit(key);
            committed = true;
            return id;
        } finally {
            if (!committed) {
                snapshotter.remove(key);
            }
        }
    }

    private void apply(FileAction action, Path root, List<ResultRef> inputs, SnapshotId[] actionResults, int index)
            throws IOException {
        checkOwnerLookup(action, index);
        switch (action.getActionCase()) {
            case MKDIR -> FileBasicActions.mkdir(root, action.getMkdir());
            case MKFILE -> FileBasicActions.mkfile(root, action.getMkfile());
            case RM -> FileBasicActions.rm(root, action.getRm());
            case SYMLINK -> FileBasicActions.symlink(root, action.getSymlink());
            case COPY -> copy(action, root, inputs, actionResults, index);
            default -> throw new IllegalArgumentException("file action " + index + " has no action set");
        }
    }

    /**
     * Owner names are looked up in the tree being changed; LLB builders (ours and upstream's) name
     * exactly that input, so another one is refused rather than silently read from the wrong tree.
     */
    private static void checkOwnerLookup(FileAction action, int index) throws FileOpException {
        ChownOpt owner = switch (action.getActionCase()) {
            case MKDIR -> action.getMkdir().getOwner();
            case MKFILE -> action.getMkfile().getOwner();
            case SYMLINK -> action.getSymlink().getOwner();
            case COPY -> action.getCopy().getOwner();
            default -> ChownOpt.getDefaultInstance();
        };
        for (UserOpt user : List.of(owner.getUser(), owner.getGroup())) {
            if (user.hasByName() && user.getByName().getInput() != -1
                    && user.getByName().getInput() != action.getInput()) {
                throw new FileOpException("file action " + index + " looks up owner " + user.getByName().getName()
                        + " in input " + user.getByName().getInput() + ", not in the tree it changes (input "
                        + action.getInput() + "); this daemon only reads the changed tree's /etc/passwd and /etc/group",
                        "give numeric ids or add the user to the target first");
            }
        }
    }

    private void copy(FileAction action, Path destRoot, List<ResultRef> inputs, SnapshotId[] actionResults,
            int index) throws IOException {
        SnapshotId source = snapshotOf(action.getSecondaryInput(), inputs, actionResults, index, "secondary input");
        try (ReadOnlyTree src = ReadOnlyTree.open(snapshotter, mountRoot, source, "file")) {
            MissingCopySource missing = source == null ? MissingCopySource.UNKNOWN
                    : new MissingCopySource(contexts.find(source));
            FileCopyAction.copy(src.root(), destRoot, action.getCopy(), missing);
        }
    }

    /** An op input, an earlier action's result ("index minus the number of inputs"), or null for scratch. */
    private static SnapshotId snapshotOf(long index, List<ResultRef> inputs, SnapshotId[] actionResults, int action,
            String what) {
        if (index < 0) {
            return null;
        }
        if (index < inputs.size()) {
            return ((SnapshotResult) inputs.get((int) index)).snapshot();
        }
        long earlier = index - inputs.size();
        if (earlier >= action) {
            throw new IllegalArgumentException("file action " + action + " reads the " + what + " " + index
                    + ", which is neither an op input nor an earlier action");
        }
        return actionResults[(int) earlier];
    }
}
