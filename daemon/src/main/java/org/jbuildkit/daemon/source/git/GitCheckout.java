package org.jbuildkit.daemon.source.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jbuildkit.api.Identity;

/**
 * Writes one commit of a bare clone into an empty directory: the whole tree or only {@code subdir}'s
 * contents, without {@code .git}; or, for {@code git.keepgitdir} of the whole tree, a shallow clone of
 * that commit whose {@code origin} is the real remote (as upstream leaves it).
 */
final class GitCheckout {
    private final GitCli git;
    private final Path scratch;

    GitCheckout(GitCli git, Path scratch) {
        this.git = git;
        this.scratch = scratch;
    }

    /** Whether the checked-out tree has submodules (which are not fetched). */
    boolean hasSubmodules(Path bareRepo, ResolvedCommit resolved, BooleanSupplier cancelled) {
        return git.run(GitCli.Invocation.in(bareRepo), List.of("cat-file", "-e", resolved.commit() + ":.gitmodules"),
                null, cancelled, null).ok();
    }

    void checkout(GitIdentifier id, ResolvedCommit resolved, Path bareRepo, Path target, BooleanSupplier cancelled,
            Consumer<String> log) throws IOException {
        if (id.keepGitDir() && id.subdir().isEmpty()) {
            cloneWithGitDir(id, resolved, bareRepo, target, cancelled, log);
            return;
        }
        if (id.subdir().isEmpty()) {
            checkoutTree(id, resolved, bareRepo, target, ".", cancelled);
            return;
        }
        requireDirectory(id, resolved, bareRepo, cancelled);
        Path staging = Files.createDirectory(scratch.resolve("checkout-" + Identity.newId()));
        try {
            checkoutTree(id, resolved, bareRepo, staging, id.subdir(), cancelled);
            GitFiles.moveEntries(staging.resolve(id.subdir()), target);
        } finally {
            GitFiles.deleteRecursively(staging);
        }
    }

    /** Upstream only accepts a subdir whose every part is a directory (no symlink, file or submodule). */
    private void requireDirectory(GitIdentifier id, ResolvedCommit resolved, Path bareRepo, BooleanSupplier cancelled) {
        GitCli.Result type = git.run(GitCli.Invocation.in(bareRepo),
                List.of("cat-file", "-t", resolved.commit() + ":" + id.subdir()), null, cancelled, null);
        String what = type.stdout().strip();
        if (!type.ok() || !what.equals("tree")) {
            String found = !type.ok() ? "does not exist" : what.equals("blob") ? "is a file or symlink, not a directory"
                    : "is a submodule, not a directory";
            throw new GitSourceException("subdir '" + id.subdir() + "' " + found + " in git remote "
                    + id.redactedRemote() + " at " + describe(resolved),
                    "name a directory of that commit after ':' in the git URL fragment (#ref:subdir)");
        }
    }

    /** Checks {@code pathspec} of the commit out into {@code workTree} with a private index (the clone is shared). */
    private void checkoutTree(GitIdentifier id, ResolvedCommit resolved, Path bareRepo, Path workTree, String pathspec,
            BooleanSupplier cancelled) throws IOException {
        Path index = scratch.resolve("index-" + Identity.newId());
        try {
            GitCli.Result result = git.run(new GitCli.Invocation(bareRepo, workTree,
                    Map.of("GIT_INDEX_FILE", index.toString())),
                    List.of("checkout", "--no-overlay", resolved.commit(), "--", pathspec), null, cancelled, null);
            if (!result.ok()) {
                throw new GitSourceException("cannot check out " + describe(resolved) + " of git remote "
                        + id.redactedRemote() + ": " + GitFailures.lastLines(result.stderr()),
                        "check the daemon's disk space; if it repeats, remove " + bareRepo + " to clone afresh");
            }
        } finally {
            Files.deleteIfExists(index);
        }
    }

    private void cloneWithGitDir(GitIdentifier id, ResolvedCommit resolved, Path bareRepo, Path target,
            BooleanSupplier cancelled, Consumer<String> log) {
        GitCli.Invocation clone = new GitCli.Invocation(target.resolve(".git"), target, Map.of());
        List<String> init = resolved.sha256()
                ? List.of("-c", "init.defaultBranch=master", "init", "--quiet", "--object-format=sha256")
                : List.of("-c", "init.defaultBranch=master", "init", "--quiet");
        run(id, clone, init, cancelled, null);
        // file:// rather than a path: git's local-clone shortcuts (hard links, alternates) stay off.
        run(id, clone, List.of("remote", "add", "origin", "file://" + bareRepo), cancelled, null);
        String pullRef;
        if (resolved.byCommit()) {
            pullRef = GitRemotes.localRef(resolved.refName());
            run(id, GitCli.Invocation.in(bareRepo), List.of("update-ref", pullRef, resolved.object()), cancelled, null);
        } else {
            pullRef = GitRemotes.localRef(resolved.refName()) + ":" + resolved.refName();
        }
        run(id, clone, List.of("fetch", "-u", "--depth=1", "--no-tags", "--", "origin", pullRef), cancelled, log);
        run(id, clone, List.of("-c", "advice.detachedHead=false", "checkout", "--quiet", "FETCH_HEAD"), cancelled, log);
        run(id, clone, List.of("remote", "set-url", "origin", id.redactedRemote()), cancelled, null);
        run(id, clone, List.of("reflog", "expire", "--all", "--expire=now"), cancelled, null);
        try {
            Files.deleteIfExists(target.resolve(".git").resolve("FETCH_HEAD"));
        } catch (IOException e) {
            throw new GitSourceException("cannot remove FETCH_HEAD from the checkout: " + e.getMessage(),
                    "check the daemon's disk", e);
        }
    }

    private void run(GitIdentifier id, GitCli.Invocation in, List<String> args, BooleanSupplier cancelled,
            Consumer<String> log) {
        GitCli.Result result = git.run(in, args, null, cancelled, log);
        if (!result.ok()) {
            throw new GitSourceException("cannot make the .git of the checkout of " + id.redactedRemote() + ": git "
                    + String.join(" ", args) + " failed (exit " + result.exitCode() + "): "
                    + GitFailures.lastLines(result.stderr()), "check the daemon's disk and its git installation");
        }
    }

    static String describe(ResolvedCommit resolved) {
        return resolved.byCommit() ? "commit " + resolved.commit()
                : resolved.refName() + " (" + resolved.commit() + ")";
    }
}
