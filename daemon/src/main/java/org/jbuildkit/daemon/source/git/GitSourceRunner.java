package org.jbuildkit.daemon.source.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jbuildkit.api.Identity;
import org.jbuildkit.daemon.ops.SnapshotResult;
import org.jbuildkit.daemon.solver.BuildWarning;
import org.jbuildkit.daemon.solver.CacheMap;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.OpRunner;
import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.solver.Vertex;
import org.jbuildkit.daemon.worker.metadata.RecordType;
import org.jbuildkit.daemon.worker.snapshot.ActiveSnapshot;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;
import org.jbuildkit.registry.image.Digest;

/**
 * {@code git://} sources through the git command line. The cache key is upstream's: the commit the
 * ref names now ({@code git ls-remote} at cache-map time) plus subdir and keep-git-dir, so an unchanged
 * branch is cached and a moved one fetched again. The result is a snapshot of the checkout.
 */
public final class GitSourceRunner implements OpRunner {
    private final Snapshotter snapshotter;
    private final GitCli git;
    private final GitRemotes remotes;
    private final GitCheckout checkout;
    private final Path scratch;
    /** The latest resolution per vertex: every solve asks the remote again, exec checks out what it found. */
    private final Map<String, ResolvedCommit> resolved = new ConcurrentHashMap<>();

    /** Keeps clones and scratch files under {@code <root>/git}; git sees only proxy and CA variables of {@code env}. */
    public GitSourceRunner(Path root, Snapshotter snapshotter, Map<String, String> env) throws IOException {
        Path gitRoot = Files.createDirectories(root.resolve("git"));
        this.scratch = Files.createDirectories(gitRoot.resolve("tmp"));
        clearScratch(scratch);
        this.snapshotter = snapshotter;
        this.git = new GitCli(scratch, env);
        this.remotes = new GitRemotes(gitRoot, git);
        this.checkout = new GitCheckout(git, scratch);
    }

    @Override
    public CacheMap cacheMap(Vertex vertex) {
        GitIdentifier id = identifier(vertex);
        ResolvedCommit commit = resolve(id);
        resolved.put(vertex.digest(), commit);
        return CacheMap.byKeys(Digest.sha256(("git:" + cacheKey(id, commit)).getBytes(StandardCharsets.UTF_8))
                .toString(), 0);
    }

    /** Upstream's key: the commit (the tag object with keep-git-dir), then {@code .git#ref} and {@code :subdir}. */
    static String cacheKey(GitIdentifier id, ResolvedCommit commit) {
        String key = commit.byCommit() ? commit.refName() : id.keepGitDir() ? commit.object() : commit.commit();
        if (id.keepGitDir()) {
            key += ".git#" + commit.refName();
        }
        if (!id.subdir().isEmpty()) {
            key += ":" + id.subdir();
        }
        return key;
    }

    @Override
    public List<ResultRef> exec(Vertex vertex, List<ResultRef> inputs, ExecContext context) throws Exception {
        GitIdentifier id = identifier(vertex);
        ResolvedCommit commit = resolved.remove(vertex.digest());
        if (commit == null) {
            commit = resolve(id);
        }
        ResolvedCommit target = commit;
        Consumer<String> log = line -> context.log(2, (line + "\n").getBytes(StandardCharsets.UTF_8));
        BooleanSupplier cancelled = context::cancelled;
        String key = "git-" + Identity.newId();
        ActiveSnapshot active = snapshotter.prepare(key, null);
        Path knownHosts = id.knownSshHosts().isEmpty() ? null
                : Files.writeString(scratch.resolve("known_hosts-" + Identity.newId()), id.knownSshHosts());
        boolean committed = false;
        try {
            boolean submodules = remotes.withCommit(id, target, knownHosts == null ? null : knownHosts.toString(),
                    cancelled, log, repo -> {
                        checkout.checkout(id, target, repo, active.upperDir(), cancelled, log);
                        return checkout.hasSubmodules(repo, target, cancelled);
                    });
            if (submodules && !id.skipSubmodules()) {
                context.warning(new BuildWarning(1, "git submodules of " + id.redactedRemote() + " were not checked out",
                        List.of("This daemon does not fetch submodules yet; their directories are empty."), ""));
            }
            SnapshotId snapshot = snapshotter.commit(key);
            committed = true;
            return List.of(new SnapshotResult(snapshot, RecordType.GIT_CHECKOUT,
                    "git snapshot for " + id.redactedRemote() + "#" + target.refName()));
        } finally {
            if (!committed) {
                snapshotter.remove(key);
            }
            if (knownHosts != null) {
                Files.deleteIfExists(knownHosts);
            }
        }
    }

    /** The commit the identifier's ref names now; a full commit hash needs no remote. */
    ResolvedCommit resolve(GitIdentifier id) {
        if (GitIdentifier.isCommitSha(id.ref())) {
            String sha = id.ref().toLowerCase(java.util.Locale.ROOT);
            requireChecksum(id, sha, sha);
            return new ResolvedCommit(sha, sha, sha);
        }
        String ref = id.ref().isEmpty() ? defaultBranch(id) : id.ref();
        GitCli.Result listed = git.run(GitCli.Invocation.none(), List.of("ls-remote", "--", id.remote(), ref,
                ref + "^{}"), null, () -> false, null);
        if (!listed.ok()) {
            throw unreachable(id, listed);
        }
        RemoteRef found = RemoteRef.find(listed.stdout(), ref).orElseThrow(() -> new GitSourceException("ref '" + ref
                + "' not found in git remote " + id.redactedRemote(), "name a branch, tag or commit the remote has"
                + " (git ls-remote " + id.redactedRemote() + " lists them)"));
        requireChecksum(id, found.object(), found.commit());
        return new ResolvedCommit(found.name(), found.object(), found.commit());
    }

    private String defaultBranch(GitIdentifier id) {
        GitCli.Result head = git.run(GitCli.Invocation.none(), List.of("ls-remote", "--symref", "--", id.remote(),
                "HEAD"), null, () -> false, null);
        if (!head.ok()) {
            throw unreachable(id, head);
        }
        return RemoteRef.defaultBranch(head.stdout()).orElseThrow(() -> new GitSourceException("git remote "
                + id.redactedRemote() + " has no default branch (its HEAD names no branch)",
                "name the branch, tag or commit to build after '#' in the git URL"));
    }

    private static void requireChecksum(GitIdentifier id, String object, String commit) {
        if (!id.checksum().isEmpty() && !object.startsWith(id.checksum()) && !commit.startsWith(id.checksum())) {
            throw new GitSourceException("git.checksum " + id.checksum() + " does not match " + (id.ref().isEmpty()
                    ? "the default branch" : "ref '" + id.ref() + "'") + " of " + id.redactedRemote() + ", which is at "
                    + commit, "pin the commit the ref is at now, or a ref that is at the pinned commit");
        }
    }

    private static GitSourceException unreachable(GitIdentifier id, GitCli.Result result) {
        return new GitSourceException("cannot list refs of git remote " + id.redactedRemote() + ": git ls-remote"
                + " failed (exit " + result.exitCode() + "): " + GitFailures.lastLines(result.stderr()),
                GitFailures.fixFor(result.stderr()));
    }

    private static GitIdentifier identifier(Vertex vertex) {
        var source = vertex.op().getSource();
        return GitIdentifier.parse(source.getIdentifier(), source.getAttrsMap());
    }

    /** Scratch files of a daemon that died mid-checkout are of no use. */
    private static void clearScratch(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                GitFiles.deleteRecursively(entry);
            }
        }
    }
}
