package org.jbuildkit.daemon.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.jbuildkit.api.pb.ExecOp;
import org.jbuildkit.api.pb.Meta;
import org.jbuildkit.api.pb.NetMode;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.daemon.solver.CacheMap;
import org.jbuildkit.daemon.solver.ContentSelector;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.OpRunner;
import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.solver.Vertex;
import org.jbuildkit.daemon.worker.executor.ExecMount;
import org.jbuildkit.daemon.worker.executor.ExecResult;
import org.jbuildkit.daemon.worker.executor.ExecSpec;
import org.jbuildkit.daemon.worker.executor.Executor;
import org.jbuildkit.daemon.worker.executor.NetworkMode;
import org.jbuildkit.daemon.worker.executor.ProcessIO;
import org.jbuildkit.daemon.worker.executor.ProcessMode;
import org.jbuildkit.daemon.worker.metadata.MetadataStore;
import org.jbuildkit.daemon.worker.snapshot.ActiveSnapshot;
import org.jbuildkit.daemon.worker.snapshot.Mounter;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;

/**
 * Exec ops: a fresh writable snapshot on top of the root input, mounted as the container's root
 * file system, its other mounts (binds of inputs, tmpfs, cache directories) added, the process run
 * by the OCI runtime with its output streamed to progress, and the root and every writable output
 * mount committed as the step's results when the process exits 0.
 */
public final class ExecRunner implements OpRunner {
    private final ProcessMode processMode;
    private final Snapshotter snapshotter;
    private final Executor executor;
    private final Path mountRoot;
    private final CacheMounts caches;

    /**
     * Cache mounts persist in {@code cachemounts} next to {@code mountRoot}, in the daemon's root, each
     * a record in {@code metadata} (those left without one by an older jbuildkit get one now).
     */
    public ExecRunner(Snapshotter snapshotter, Executor executor, Path mountRoot, MetadataStore metadata,
            Clock clock) {
        this(snapshotter, executor, mountRoot, metadata, clock, ProcessMode.SANDBOX);
    }

    /**
     * {@code processMode} is the worker's ({@code --oci-worker-no-process-sandbox} turns the PID
     * namespace off for every step, as upstream).
     */
    public ExecRunner(Snapshotter snapshotter, Executor executor, Path mountRoot, MetadataStore metadata,
            Clock clock, ProcessMode processMode) {
        this.processMode = processMode;
        this.snapshotter = snapshotter;
        this.executor = executor;
        this.mountRoot = mountRoot;
        Path cacheDirs = mountRoot.toAbsolutePath().getParent().resolve("cachemounts");
        CacheMountRecords records = new CacheMountRecords(metadata, clock);
        records.adoptUnrecorded(cacheDirs);
        this.caches = new CacheMounts(cacheDirs, records);
    }

    @Override
    public CacheMap cacheMap(Vertex vertex) {
        ExecOp.Builder exec = vertex.op().getExec().toBuilder();
        for (org.jbuildkit.api.pb.Mount.Builder mount : exec.getMountsBuilderList()) {
            if (mount.hasCacheOpt() && !isDockerfileDefaultCache(mount)) {
                mount.getCacheOptBuilder().clearID().clearSharing();
            }
        }
        Op normalised = vertex.op().toBuilder().setExec(exec).build();
        return new CacheMap(OpDigests.withoutInputs("exec", normalised), contentSelectors(vertex),
                CacheParts.exec(normalised));
    }

    /**
     * As upstream: an input seen only through read-only mounts is keyed by the content of what they show
     * (the mount's selector, else the whole input); one mounted writable (the root file system) by its key.
     */
    private static List<java.util.Optional<String>> contentSelectors(Vertex vertex) {
        int inputs = vertex.inputs().size();
        List<List<ContentSelector.Selection>> shown = new java.util.ArrayList<>();
        boolean[] writable = new boolean[inputs];
        for (int i = 0; i < inputs; i++) {
            shown.add(new java.util.ArrayList<>());
        }
        for (org.jbuildkit.api.pb.Mount mount : vertex.op().getExec().getMountsList()) {
            long input = mount.getInput();
            if (input < 0 || input >= inputs || mount.getMountType() != org.jbuildkit.api.pb.MountType.BIND) {
                if (input >= 0 && input < inputs) {
                    writable[(int) input] = true;
                }
                continue;
            }
            if (!mount.getReadonly() || mount.getDest().equals("/")) {
                writable[(int) input] = true;
            } else {
                String selector = mount.getSelector().isEmpty() ? "/" : mount.getSelector();
                shown.get((int) input).add(new ContentSelector.Selection(
                        selector.startsWith("/") ? selector : "/" + selector, false, true));
            }
        }
        List<java.util.Optional<String>> selectors = new java.util.ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            selectors.add(writable[i] || shown.get(i).isEmpty() ? java.util.Optional.empty()
                    : java.util.Optional.of(new ContentSelector(shown.get(i)).encode()));
        }
        return selectors;
    }

    /**
     * Upstream keeps a cache mount's ID in the cache key only for Dockerfile's default ID (the target,
     * optionally {@code <namespace>/<target>}) with default sharing, so old cache records still match;
     * any other ID or sharing mode says where a cache lives, not what the step does.
     */
    private static boolean isDockerfileDefaultCache(org.jbuildkit.api.pb.Mount.Builder mount) {
        String id = mount.getCacheOpt().getID();
        int slash = id.indexOf('/');
        return mount.getCacheOpt().getSharingValue() == 0
                && (id.equals(mount.getDest()) || slash >= 0 && id.substring(slash + 1).equals(mount.getDest()));
    }

    @Override
    public List<ResultRef> exec(Vertex vertex, List<ResultRef> inputs, ExecContext context) throws Exception {
        ExecOp op = vertex.op().getExec();
        op.getMountsList().forEach(ExecMountSet::check);
        org.jbuildkit.api.pb.Mount root = op.getMountsList().stream().filter(m -> m.getDest().equals("/"))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("the exec has no root mount"));
        SnapshotId parent = root.getInput() >= 0 && root.getInput() < inputs.size()
                ? ((SnapshotResult) inputs.get((int) root.getInput())).snapshot() : null;
        String key = "exec-" + org.jbuildkit.api.Identity.newId();
        ActiveSnapshot active = snapshotter.prepare(key, parent);
        Path rootfs = Files.createDirectories(mountRoot.resolve(key));
        boolean committed = false;
        try (ExecMountSet mounts = new ExecMountSet(snapshotter, mountRoot, caches,
                "exec " + String.join(" ", op.getMeta().getArgsList()), context.sessions())) {
            Mounter.mount(active.mounts(), rootfs);
            ExecResult result;
            try {
                for (org.jbuildkit.api.pb.Mount mount : op.getMountsList()) {
                    if (!mount.getDest().equals("/")) {
                        mounts.add(mount, inputs);
                    }
                }
                result = executor.run(spec(op.getMeta(), op.getNetwork(), rootfs, mounts.mounts(), processMode),
                        new ProcessIO((b, off, len) -> context.log(1, java.util.Arrays.copyOfRange(b, off, off + len)),
                                (b, off, len) -> context.log(2, java.util.Arrays.copyOfRange(b, off, off + len))),
                        new CompletableFuture<>());
            } finally {
                ExecMountSet.uninterruptibly(() -> Mounter.unmount(rootfs));
            }
            if (result.exitCode() != 0) {
                throw new ProcessFailedException(op.getMeta().getArgsList(), result.exitCode());
            }
            Map<Integer, SnapshotId> outputs = new TreeMap<>(mounts.commit());
            SnapshotId id = snapshotter.commit(key);
            committed = true;
            outputs.putIfAbsent(root.getOutput() >= 0 ? (int) root.getOutput() : 0, id);
            return results(outputs);
        } finally {
            boolean discard = !committed;
            ExecMountSet.uninterruptibly(() -> {
                if (discard) {
                    snapshotter.remove(key);
                }
                Files.deleteIfExists(rootfs);
            });
        }
    }

    /** The op's outputs in output-index order; every index up to the highest must be produced. */
    private static List<ResultRef> results(Map<Integer, SnapshotId> outputs) {
        List<ResultRef> results = new ArrayList<>();
        for (var e : outputs.entrySet()) {
            if (e.getKey() != results.size()) {
                throw new IllegalArgumentException("no mount of the exec produces output " + results.size());
            }
            results.add(new SnapshotResult(e.getValue()));
        }
        return results;
    }

    private static ExecSpec spec(Meta meta, NetMode network, Path rootfs, List<ExecMount> mounts,
            ProcessMode processMode) {
        ExecSpec.Builder spec = ExecSpec.builder(rootfs, meta.getArgsList())
                .processMode(processMode)
                .removeMountStubsRecursive(meta.getRemoveMountStubsRecursive())
                .env(meta.getEnvList())
                .cwd(meta.getCwd().isEmpty() ? "/" : meta.getCwd())
                .network(network == NetMode.NONE ? NetworkMode.NONE : NetworkMode.HOST);
        mounts.forEach(spec::mount);
        if (!meta.getUser().isEmpty()) {
            spec.user(meta.getUser());
        }
        if (!meta.getHostname().isEmpty()) {
            spec.hostname(meta.getHostname());
        }
        return spec.build();
    }

    /** Upstream's wording, so both clients show the same message. */
    static final class ProcessFailedException extends Exception {
        ProcessFailedException(List<String> args, int exitCode) {
            super("process \"" + String.join(" ", args) + "\" did not complete successfully: exit code: " + exitCode);
        }
    }
}
