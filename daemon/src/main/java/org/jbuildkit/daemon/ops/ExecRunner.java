package org.jbuildkit.daemon.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jbuildkit.api.pb.ExecOp;
import org.jbuildkit.api.pb.Meta;
import org.jbuildkit.api.pb.MountType;
import org.jbuildkit.api.pb.NetMode;
import org.jbuildkit.daemon.solver.CacheMap;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.OpRunner;
import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.solver.Vertex;
import org.jbuildkit.daemon.worker.executor.ExecResult;
import org.jbuildkit.daemon.worker.executor.ExecSpec;
import org.jbuildkit.daemon.worker.executor.Executor;
import org.jbuildkit.daemon.worker.executor.NetworkMode;
import org.jbuildkit.daemon.worker.executor.ProcessIO;
import org.jbuildkit.daemon.worker.snapshot.ActiveSnapshot;
import org.jbuildkit.daemon.worker.snapshot.Mounter;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;

/**
 * Exec ops: a fresh writable snapshot on top of the root input, mounted as the container's root
 * file system, the process run by the OCI runtime with its output streamed to progress, and the
 * snapshot committed as the step's result when the process exits 0.
 */
public final class ExecRunner implements OpRunner {
    private final Snapshotter snapshotter;
    private final Executor executor;
    private final Path mountRoot;

    public ExecRunner(Snapshotter snapshotter, Executor executor, Path mountRoot) {
        this.snapshotter = snapshotter;
        this.executor = executor;
        this.mountRoot = mountRoot;
    }

    @Override
    public CacheMap cacheMap(Vertex vertex) {
        return CacheMap.byKeys(OpDigests.withoutInputs("exec", vertex.op()), vertex.inputs().size());
    }

    @Override
    public List<ResultRef> exec(Vertex vertex, List<ResultRef> inputs, ExecContext context) throws Exception {
        ExecOp op = vertex.op().getExec();
        for (org.jbuildkit.api.pb.Mount mount : op.getMountsList()) {
            if (!mount.getDest().equals("/") && mount.getMountType() != MountType.BIND) {
                throw new UnsupportedOperationException("mounts of type " + mount.getMountType()
                        + " are not supported by this daemon yet (" + mount.getDest() + ")");
            }
            if (!mount.getDest().equals("/")) {
                throw new UnsupportedOperationException("only the root mount is supported by this daemon yet, not "
                        + mount.getDest());
            }
        }
        org.jbuildkit.api.pb.Mount root = op.getMountsList().stream().filter(m -> m.getDest().equals("/"))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("the exec has no root mount"));
        SnapshotId parent = root.getInput() >= 0 && root.getInput() < inputs.size()
                ? ((SnapshotResult) inputs.get((int) root.getInput())).snapshot() : null;
        String key = "exec-" + org.jbuildkit.api.Identity.newId();
        ActiveSnapshot active = snapshotter.prepare(key, parent);
        Path rootfs = Files.createDirectories(mountRoot.resolve(key));
        boolean committed = false;
        try {
            Mounter.mount(active.mounts(), rootfs);
            ExecResult result;
            try {
                result = executor.run(spec(op.getMeta(), op.getNetwork(), rootfs),
                        new ProcessIO((b, off, len) -> context.log(1, java.util.Arrays.copyOfRange(b, off, off + len)),
                                (b, off, len) -> context.log(2, java.util.Arrays.copyOfRange(b, off, off + len))),
                        new CompletableFuture<>());
            } finally {
                Mounter.unmount(rootfs);
            }
            if (result.exitCode() != 0) {
                throw new ProcessFailedException(op.getMeta().getArgsList(), result.exitCode());
            }
            SnapshotId id = snapshotter.commit(key);
            committed = true;
            return List.of(new SnapshotResult(id));
        } finally {
            if (!committed) {
                snapshotter.remove(key);
            }
            Files.deleteIfExists(rootfs);
        }
    }

    private static ExecSpec spec(Meta meta, NetMode network, Path rootfs) {
        ExecSpec.Builder spec = ExecSpec.builder(rootfs, meta.getArgsList())
                .env(meta.getEnvList())
                .cwd(meta.getCwd().isEmpty() ? "/" : meta.getCwd())
                .network(network == NetMode.NONE ? NetworkMode.NONE : NetworkMode.HOST);
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
