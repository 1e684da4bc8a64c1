package org.jbuildkit.e2e.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.GitDaemonFixture;
import org.jbuildkit.e2e.fixtures.GitRepository;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Mount;
import org.jbuildkit.llb.OpConstraints;
import org.jbuildkit.llb.Run;
import org.jbuildkit.llb.State;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * git sources in real builds: repositories served by a real {@code git daemon} (and one over file://, which is refused),
 * checked out by branch, tag, commit and ref, a subdir, with and without {@code .git}; cached while the
 * ref stays put, fetched again when it moves; a missing ref named in the error.
 */
class GitSourceBuildTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();
    @RegisterExtension
    static final GitDaemonFixture GIT = new GitDaemonFixture();

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    private static CommandResult build(Path tmp, Definition definition) throws Exception {
        Path file = Files.write(tmp.resolve("def-" + System.nanoTime()), definition.toByteArray());
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(),
                "--addr", DAEMON.unixAddress(), "build", "--progress", "plain"));
        return Commands.run(command, Map.of(), 180, file);
    }

    /** A step that shows what the checkout mounted at /src holds. */
    private static Definition show(State checkout, String script) {
        return Llb.image(REGISTRY.host() + "/busybox:latest")
                .run(Run.shell(script).withMount(Mount.bind("/src", checkout).readOnly())).root().marshal();
    }

    private static GitRepository project(String name) {
        GitRepository repo = GIT.repository(name);
        repo.write(Map.of("README", "version one\n", "docs/guide.txt", "guide one\n", "run.sh*", "#!/bin/sh\n"));
        return repo;
    }

    @Test
    void aBranchIsCheckedOutCachedWhileItStaysAndFetchedAgainWhenItMoves(@TempDir Path tmp) throws Exception {
        GitRepository repo = project("moving.git");
        repo.commit("one");
        Definition def = show(Llb.git(GIT.url("moving.git"), "main"), "cat /src/README; stat -c 'mode=%a' /src/run.sh;"
                + " test ! -e /src/.git && echo no-git-dir");

        CommandResult first = build(tmp, def);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.stderr()).containsPattern("#\\d+ \\d+\\.\\d{3} version one")
                .containsPattern("#\\d+ \\d+\\.\\d{3} mode=755").containsPattern("#\\d+ \\d+\\.\\d{3} no-git-dir");

        CommandResult second = build(tmp, def);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.stderr()).doesNotContain("DONE").contains("CACHED");

        repo.write(Map.of("README", "version two\n")).commit("two");
        CommandResult moved = build(tmp, def);
        assertThat(moved.exitCode()).as(moved.toString()).isZero();
        assertThat(moved.stderr()).containsPattern("#\\d+ \\d+\\.\\d{3} version two");

        CommandResult types = Commands.run(List.of(ProjectLayout.buildctl().toString(), "--addr", DAEMON.unixAddress(),
                "du", "--verbose", "--filter", "type==source.git.checkout"), Map.of(), 60);
        assertThat(types.exitCode()).as(types.toString()).isZero();
        assertThat(types.stdout().lines().filter(l -> l.matches("Description:\\s+git snapshot for "
                + java.util.regex.Pattern.quote(GIT.url("moving.git")) + "#refs/heads/main")).count()).isEqualTo(2);
        assertThat(types.stdout()).containsPattern("Type:\\s+source.git.checkout").doesNotContainPattern("Type:\\s+regular");
    }

    @Test
    void tagsCommitsAndOtherRefsGiveTheirVersions(@TempDir Path tmp) throws Exception {
        GitRepository repo = project("versions.git");
        String one = repo.commit("one");
        repo.annotatedTag("v1");
        repo.write(Map.of("README", "version two\n")).commit("two");
        repo.pushTo("refs/pull/7/head");
        repo.write(Map.of("README", "version three\n")).commit("three");
        String script = "cat /src/README";

        CommandResult tag = build(tmp, show(Llb.git(GIT.url("versions.git"), "v1"), script));
        assertThat(tag.exitCode()).as(tag.toString()).isZero();
        assertThat(tag.stderr()).containsPattern("#\\d+ \\d+\\.\\d{3} version one");

        CommandResult commit = build(tmp, show(Llb.git(GIT.url("versions.git"), one), script + "; echo by-commit"));
        assertThat(commit.exitCode()).as(commit.toString()).isZero();
        assertThat(commit.stderr()).containsPattern("#\\d+ \\d+\\.\\d{3} version one");

        CommandResult pull = build(tmp, show(Llb.git(GIT.url("versions.git"), "refs/pull/7/head"), script));
        assertThat(pull.exitCode()).as(pull.toString()).isZero();
        assertThat(pull.stderr()).containsPattern("#\\d+ \\d+\\.\\d{3} version two");
    }

    @Test
    void aSubdirIsTheWholeResultAndAMissingOneIsNamed(@TempDir Path tmp) throws Exception {
        GitRepository repo = project("subdir.git");
        repo.commit("one");
        CommandResult sub = build(tmp, show(Llb.git(GIT.url("subdir.git"), "main", false, "docs", OpConstraints.none()),
                "cat /src/guide.txt; test ! -e /src/README && test ! -e /src/docs && echo only-docs"));
        assertThat(sub.exitCode()).as(sub.toString()).isZero();
        assertThat(sub.stderr()).containsPattern("#\\d+ \\d+\\.\\d{3} guide one")
                .containsPattern("#\\d+ \\d+\\.\\d{3} only-docs");

        CommandResult missing = build(tmp, show(Llb.git(GIT.url("subdir.git"), "main", false, "nope",
                OpConstraints.none()), "true"));
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("subdir 'nope' does not exist in git remote " + GIT.url("subdir.git"));
    }

    @Test
    void keepGitDirLeavesAGitDirAtTheCommitPointingAtTheRemote(@TempDir Path tmp) throws Exception {
        GitRepository repo = project("keep.git");
        String commit = repo.commit("one");
        CommandResult kept = build(tmp, show(Llb.git(GIT.url("keep.git"), "main", true, "", OpConstraints.none()),
                "cat /src/.git/HEAD; grep -c 'url = " + GIT.url("keep.git") + "' /src/.git/config; cat /src/README"));
        assertThat(kept.exitCode()).as(kept.toString()).isZero();
        assertThat(kept.stderr()).containsPattern("#\\d+ \\d+\\.\\d{3} " + commit)
                .containsPattern("#\\d+ \\d+\\.\\d{3} 1\\n").containsPattern("#\\d+ \\d+\\.\\d{3} version one");
    }

    @Test
    void aRemoteOnTheDaemonsMachineIsRefusedSoBuildsCannotReadItsRepositories(@TempDir Path tmp) throws Exception {
        GitRepository repo = project("local.git");
        repo.commit("one");
        CommandResult local = build(tmp, show(Llb.git(repo.fileUrl(), "main"), "cat /src/README"));
        assertThat(local.exitCode()).as(local.toString()).isEqualTo(1);
        assertThat(local.stderr()).contains("is a path on the daemon's machine").doesNotContain("version one");
    }

    @Test
    void aMissingRefFailsNamingTheRefAndTheRemote(@TempDir Path tmp) throws Exception {
        GitRepository repo = project("refs.git");
        repo.commit("one");
        CommandResult missing = build(tmp, show(Llb.git(GIT.url("refs.git"), "no-such-branch"), "true"));
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("ref 'no-such-branch' not found in git remote " + GIT.url("refs.git"));
    }

    @Test
    void anUnreachableRemoteAndAMissingRepositoryAreToldApart(@TempDir Path tmp) throws Exception {
        String closed = "git://127.0.0.1:" + freePort() + "/gone.git";
        CommandResult refused = build(tmp, show(Llb.git(closed, "main"), "true"));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).contains("cannot list refs of git remote " + closed)
                .contains("fix: check that the remote is up and reachable from the daemon's host");

        CommandResult absent = build(tmp, show(Llb.git(GIT.url("never-created.git"), "main"), "true"));
        assertThat(absent.exitCode()).isEqualTo(1);
        assertThat(absent.stderr()).contains("cannot list refs of git remote " + GIT.url("never-created.git"))
                .contains("fix: check the remote's path: there is no repository there");
    }

    private static int freePort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
