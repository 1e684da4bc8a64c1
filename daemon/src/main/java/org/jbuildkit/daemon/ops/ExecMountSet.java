package org.jbuildkit.daemon.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jbuildkit.api.Identity;
import org.jbuildkit.api.pb.Mount;
import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.solver.SessionGroup;
import org.jbuildkit.daemon.worker.executor.ExecMount;
import org.jbuildkit.daemon.worker.snapshot.Mounter;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;

/**
 * The non-root mounts of one exec (upstream's {@code mounts.MountManager} for one step): snapshots
 * prepared or viewed and mounted on temp dirs, cache directories leased, secrets read and SSH agent
 * sockets opened through the build's session, and everything undone in
 * reverse order on {@link #close()}. Writable mounts with an output are committed by {@link #commit}.
 */
final class ExecMountSet implements AutoCloseable {
    private final Snapshotter snapshotter;
    private final Path mountRoot;
    private final CacheMounts caches;
    private final String stepName;
    private final SessionGroup sessions;
    private final List<ExecMount> mounts = new ArrayList<>();
    private final Map<Integer, Prepared> outputs = new TreeMap<>();
    private final Deque<Cleanup> cleanups = new ArrayDeque<>();

    /**
     * {@code stepName} ({@code exec <args>}) goes into the descriptions of cache mounts it first uses;
     * secret and SSH mounts are served by the client of one of {@code sessions}.
     */
    ExecMountSet(Snapshotter snapshotter, Path mountRoot, CacheMounts caches, String stepName,
            SessionGroup sessions) {
        this.snapshotter = snapshotter;
        this.mountRoot = mountRoot;
        this.caches = caches;
        this.stepName = stepName;
        this.sessions = sessions;
    }

    /** Refuses mounts this daemon cannot provide before anything is prepared. */
    static void check(Mount mount) {
        switch (mount.getMountType()) {
            case SECRET -> {
                if (mount.getSecretOpt().getID().isEmpty()) {
                    throw new IllegalArgumentException("secret mount " + mount.getDest() + " has no secret ID");
                }
            }
            case BIND, CACHE, TMPFS, SSH -> {
            }
            default -> throw new UnsupportedOperationException("mount type " + mount.getMountType()
                    + " of " + mount.getDest() + " is not known to this daemon");
        }
        if (mount.getMountType() == org.jbuildkit.api.pb.MountType.CACHE && mount.getCacheOpt().getID().isEmpty()) {
            throw new IllegalArgumentException("cache mount " + mount.getDest() + " has no cache ID");
        }
    }

    List<ExecMount> mounts() {
        return List.copyOf(mounts);
    }

    void add(Mount mount, List<ResultRef> inputs) throws IOException, InterruptedException {
        switch (mount.getMountType()) {
            case BIND -> bind(mount, inputs);
            case TMPFS -> mounts.add(new ExecMount.Tmpfs(mount.getDest(), mount.getTmpfsOpt().getSize()));
            case CACHE -> cache(mount, inputs);
            case SECRET -> SecretMounts.resolve(mount, sessions).ifPresent(mounts::add);
            case SSH -> ssh(mount);
            default -> check(mount);
        }
    }

    private void bind(Mount mount, List<ResultRef> inputs) throws IOException {
        SnapshotId parent = input(mount, inputs);
        String key = "exec-mount-" + Identity.newId();
        boolean writable = !mount.getReadonly();
        if (writable || parent == null) {
            snapshotter.prepare(key, parent);
        } else {
            snapshotter.view(key, parent);
        }
        Prepared prepared = new Prepared(key);
        cleanups.push(() -> {
            if (!prepared.committed) {
                snapshotter.remove(key);
            }
        });
        Path dir = mountRoot.resolve(key);
        cleanups.push(() -> Files.deleteIfExists(dir));
        Files.createDirectories(dir);
        cleanups.push(() -> Mounter.unmount(dir));
        Mounter.mount(snapshotter.mounts(key), dir);
        mounts.add(new ExecMount.Bind(subPath(dir, mount.getSelector(), mount.getDest()), mount.getDest(),
                mount.getReadonly()));
        if (writable && mount.getOutput() >= 0) {
            if (outputs.put((int) mount.getOutput(), prepared) != null) {
                throw new IllegalArgumentException("two mounts of the exec produce output " + mount.getOutput());
            }
        }
    }

    /**
     * A cache dir; with an input ({@code from=}, or the Dockerfile frontend's owner/mode dir) a new cache starts
     * as a copy of it, and the selector picks the part mounted.
     */
    private void cache(Mount mount, List<ResultRef> inputs) throws IOException, InterruptedException {
        SnapshotId seed = input(mount, inputs);
        String id = mount.getCacheOpt().getID();
        CacheMounts.CacheMountLease lease = caches.acquire(id, mount.getCacheOpt().getSharing(),
                CacheMountRecords.description(mount.getDest(), stepName, id),
                seed == null ? null : dir -> copyInto(seed, dir));
        cleanups.push(lease::close);
        mounts.add(new ExecMount.Bind(subPath(lease.dir(), mount.getSelector(), mount.getDest()), mount.getDest(),
                mount.getReadonly()));
    }

    /** Copies a snapshot's tree into {@code dir}, owners, modes, times and links kept. */
    private void copyInto(SnapshotId snapshot, Path dir) throws IOException {
        try (ReadOnlyTree tree = ReadOnlyTree.open(snapshotter, mountRoot, snapshot, "cache-seed")) {
            Process cp = new ProcessBuilder("cp", "-a", "--", tree.root() + "/.", dir.toString())
                    .redirectErrorStream(true).start();
            String out = new String(cp.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (cp.waitFor() != 0) {
                throw new IOException("could not seed cache dir " + dir + " from its input: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("seeding a cache dir was cancelled");
        }
    }

    private void ssh(Mount mount) throws IOException {
        Optional<SshAgentMount> agent = SshAgentMount.open(mount, sessions);
        if (agent.isPresent()) {
            cleanups.push(agent.get()::close);
            mounts.add(agent.get().execMount(mount.getDest()));
        }
    }

    /** Commits every writable mount that is an output of the op, keyed by output index. */
    Map<Integer, SnapshotId> commit() throws IOException {
        Map<Integer, SnapshotId> ids = new TreeMap<>();
        for (var e : outputs.entrySet()) {
            Prepared prepared = e.getValue();
            Mounter.unmount(mountRoot.resolve(prepared.key));
            ids.put(e.getKey(), snapshotter.commit(prepared.key));
            prepared.committed = true;
        }
        return ids;
    }

    private static SnapshotId input(Mount mount, List<ResultRef> inputs) {
        long index = mount.getInput();
        if (index < 0) {
            return null;
        }
        if (index >= inputs.size()) {
            throw new IllegalArgumentException("mount " + mount.getDest() + " names input " + index
                    + " but the exec has " + inputs.size());
        }
        return ((SnapshotResult) inputs.get((int) index)).snapshot();
    }

    /**
     * {@code selector} inside the mounted tree, symlinks followed as if the tree were {@code /};
     * a selector whose {@code ..} climbs above the tree is refused.
     */
    static Path subPath(Path dir, String selector, String dest) throws IOException {
        int depth = 0;
        for (String name : selector.split("/")) {
            if (name.equals("..")) {
                depth--;
            } else if (!name.isEmpty() && !name.equals(".")) {
                depth++;
            }
            if (depth < 0) {
                throw new IllegalArgumentException("mount " + dest + ": selector " + selector
                        + " leaves its input; use a path inside the input's root");
            }
        }
        Path path = FileRootPaths.resolve(dir, selector, true);
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("mount " + dest + ": selector " + selector
                    + " does not exist in its input; create it in the input or fix the path");
        }
        return path;
    }

    @Override
    public void close() throws IOException {
        uninterruptibly(() -> {
            IOException first = null;
            while (!cleanups.isEmpty()) {
                try {
                    cleanups.pop().run();
                } catch (IOException | RuntimeException e) {
                    if (first == null) {
                        first = e instanceof IOException io ? io : new IOException(e);
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        });
    }

    /**
     * Runs {@code cleanup} with the thread's interrupt flag cleared and restores it afterwards: a
     * cancelled step still has to unmount, and umount(8) cannot be waited for while interrupted.
     */
    static void uninterruptibly(Cleanup cleanup) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            cleanup.run();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A snapshot prepared for a writable mount that becomes an output. */
    private static final class Prepared {
        final String key;
        boolean committed;

        Prepared(String key) {
            this.key = key;
        }
    }

    /** One undo step. */
    interface Cleanup {
        void run() throws IOException;
    }
}
