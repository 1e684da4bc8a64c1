package org.jbuildkit.daemon.source.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jbuildkit.api.Identity;
import org.jbuildkit.registry.image.Digest;

/**
 * One bare clone per remote under {@code <root>/git/remotes/}, fetched into incrementally: a named ref
 * shallowly (falling back to a full fetch where the server cannot do shallow), a commit only when the
 * clone lacks it. Work on one remote is serialised; different remotes proceed in parallel.
 */
final class GitRemotes {
    private static final String FETCHED_REFS = "refs/jbuildkit/";

    private final Path remotes;
    private final Path scratch;
    private final GitCli git;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    GitRemotes(Path gitRoot, GitCli git) throws IOException {
        this.remotes = Files.createDirectories(gitRoot.resolve("remotes"));
        this.scratch = Files.createDirectories(gitRoot.resolve("tmp"));
        this.git = git;
    }

    /** Something done with a bare clone while holding its remote's lock. */
    interface RepoWork<T> {
        T apply(Path bareRepo) throws IOException;
    }

    /**
     * Makes sure the clone of {@code id}'s remote has {@code resolved}'s objects (fetching as needed)
     * and runs {@code work} on it under the remote's lock. {@code log} hears git's progress output.
     */
    <T> T withCommit(GitIdentifier id, ResolvedCommit resolved, String knownHosts, BooleanSupplier cancelled,
            Consumer<String> log, RepoWork<T> work) throws IOException {
        ReentrantLock lock = locks.computeIfAbsent(id.remote(), r -> new ReentrantLock());
        lock.lock();
        try {
            Path repo = open(id, resolved, knownHosts, cancelled);
            fetch(id, resolved, repo, knownHosts, cancelled, log);
            return work.apply(repo);
        } finally {
            lock.unlock();
        }
    }

    /** The local ref under which a named remote ref is kept (flat, so refs like a and a/b never collide). */
    static String localRef(String refName) {
        return FETCHED_REFS + Digest.sha256(refName.getBytes(StandardCharsets.UTF_8)).hex().substring(0, 24);
    }

    /** The clone for the remote, made (in a scratch dir, then renamed into place) if it does not exist yet. */
    private Path open(GitIdentifier id, ResolvedCommit resolved, String knownHosts, BooleanSupplier cancelled)
            throws IOException {
        String name = Digest.sha256(id.remote().getBytes(StandardCharsets.UTF_8)).hex().substring(0, 32);
        Path repo = remotes.resolve(name);
        if (Files.isDirectory(repo)) {
            Files.deleteIfExists(repo.resolve("shallow.lock"));
            return repo;
        }
        Path fresh = scratch.resolve("init-" + Identity.newId());
        List<String> init = new ArrayList<>(List.of("-c", "init.defaultBranch=master", "init", "--bare", "--quiet"));
        if (resolved.sha256()) {
            init.add("--object-format=sha256");
        }
        init.add(fresh.toString());
        try {
            check(GitCli.Invocation.none(), init, knownHosts, cancelled, "create a clone of " + id.redactedRemote());
            check(GitCli.Invocation.in(fresh), List.of("remote", "add", "origin", id.remote()), knownHosts, cancelled,
                    "set up the clone of " + id.redactedRemote());
            Files.move(fresh, repo, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            GitFiles.deleteRecursively(fresh);
        }
        return repo;
    }

    private void fetch(GitIdentifier id, ResolvedCommit resolved, Path repo, String knownHosts,
            BooleanSupplier cancelled, Consumer<String> log) throws IOException {
        GitCli.Invocation in = GitCli.Invocation.in(repo);
        boolean present = has(in, resolved.object(), knownHosts, cancelled);
        if (!resolved.byCommit()) {
            if (!present) {
                List<String> named = List.of("fetch", "--no-tags", "--force", "origin",
                        resolved.refName() + ":" + localRef(resolved.refName()));
                GitCli.Result result = fetchShallowly(in, named, knownHosts, cancelled, log);
                if (!result.ok()) {
                    throw fetchFailed(id, resolved.refName(), result);
                }
                present = has(in, resolved.object(), knownHosts, cancelled);
            }
            if (!present) {
                // The ref moved between ls-remote and fetch: get the commit the cache key names.
                fetchCommit(id, resolved, in, knownHosts, cancelled, log);
            }
            // Keep the ref on the key's object, so keep-git-dir clones and the next fetch's negotiation see it.
            check(in, List.of("update-ref", "--no-deref", localRef(resolved.refName()), resolved.object()),
                    knownHosts, cancelled, "record " + resolved.refName() + " in the clone of " + id.redactedRemote());
        } else if (!present) {
            fetchCommit(id, resolved, in, knownHosts, cancelled, log);
        }
    }

    /** A commit by hash: shallowly where the server allows fetching it by name, else everything. */
    private void fetchCommit(GitIdentifier id, ResolvedCommit resolved, GitCli.Invocation in, String knownHosts,
            BooleanSupplier cancelled, Consumer<String> log) throws IOException {
        GitCli.Result direct = fetchShallowly(in, List.of("fetch", "--no-tags", "origin", resolved.object()),
                knownHosts, cancelled, log);
        if (!direct.ok() || !has(in, resolved.object(), knownHosts, cancelled)) {
            List<String> all = new ArrayList<>(List.of("fetch", "--tags", "--force"));
            if (Files.exists(in.gitDir().resolve("shallow"))) {
                all.add("--unshallow");
            }
            all.add("origin");
            GitCli.Result full = git.run(in, all, knownHosts, cancelled, log);
            if (!full.ok()) {
                throw fetchFailed(id, resolved.object(), full);
            }
        }
        if (!has(in, resolved.object(), knownHosts, cancelled)) {
            throw new GitSourceException("commit " + resolved.object() + " is not in git remote "
                    + id.redactedRemote() + " (not on any branch or tag it advertises)",
                    "name a commit that the remote has, or a branch or tag that contains it");
        }
    }

    /** With {@code --depth=1}, retried without it where the transport cannot fetch shallowly (dumb HTTP). */
    private GitCli.Result fetchShallowly(GitCli.Invocation in, List<String> fetch, String knownHosts,
            BooleanSupplier cancelled, Consumer<String> log) {
        List<String> shallow = new ArrayList<>(fetch);
        shallow.add(1, "--depth=1");
        GitCli.Result result = git.run(in, shallow, knownHosts, cancelled, log);
        if (!result.ok() && (result.stderr().contains("shallow") || result.stderr().contains("--depth"))) {
            result = git.run(in, fetch, knownHosts, cancelled, log);
        }
        return result;
    }

    private boolean has(GitCli.Invocation in, String object, String knownHosts, BooleanSupplier cancelled) {
        return git.run(in, List.of("cat-file", "-e", object + "^{commit}"), knownHosts, cancelled, null).ok();
    }

    private void check(GitCli.Invocation in, List<String> args, String knownHosts, BooleanSupplier cancelled,
            String what) {
        GitCli.Result result = git.run(in, args, knownHosts, cancelled, null);
        if (!result.ok()) {
            throw new GitSourceException("cannot " + what + ": git " + args.get(0) + " failed (exit "
                    + result.exitCode() + "): " + GitFailures.lastLines(result.stderr()),
                    "check the daemon's disk and its git installation");
        }
    }

    private static GitSourceException fetchFailed(GitIdentifier id, String what, GitCli.Result result) {
        return new GitSourceException("cannot fetch " + what + " from git remote " + id.redactedRemote()
                + ": git fetch failed (exit " + result.exitCode() + "): " + GitFailures.lastLines(result.stderr()),
                GitFailures.fixFor(result.stderr()));
    }
}
