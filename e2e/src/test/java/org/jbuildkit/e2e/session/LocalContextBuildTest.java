package org.jbuildkit.e2e.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.CountingProxy;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.llb.FileActions;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.LocalOptions;
import org.jbuildkit.llb.Run;
import org.jbuildkit.llb.State;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --local} directories through the real buildctl and buildkitd: an LLB graph copying from
 * {@code local://context}; the second sync of 10,000 files moves only the changed one (bytes counted on
 * the wire by a relay in front of the daemon); deletions reach the result; an mtime-only change keeps the
 * COPY cached while a changed byte re-runs exactly the steps that read it; exclude patterns applied on the
 * client; a missing COPY source explained; two clients syncing the same name at once.
 */
class LocalContextBuildTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.withTcp();
    @RegisterExtension
    static final DaemonFixture NATIVE = DaemonFixture.unixSocket("--oci-worker-snapshotter", "native");

    private static final Pattern SENT = Pattern.compile("local context: (\\d+) entries listed by the client"
            + "(?:, (\\d+) excluded by ignore rules)?.*?; (\\d+) files? sent");

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    private static State busybox() {
        return Llb.image(REGISTRY.host() + "/busybox:latest");
    }

    static CommandResult build(String address, Path tmp, Definition definition, String... extra) throws Exception {
        Path file = Files.write(tmp.resolve("def-" + System.nanoTime()), definition.toByteArray());
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(),
                "--addr", address, "build", "--progress", "plain"));
        command.addAll(List.of(extra));
        return Commands.run(command, Map.of(), 300, file);
    }

    /** Copies the whole context into scratch and exports it. */
    private static Definition copyContext(LocalOptions options) {
        return Llb.scratch().file(FileActions.copy(Llb.local("context", options), "/", "/")).marshal();
    }

    /** Whether a step printed {@code word} (a log line of the plain progress: "#N 0.123 word"). */
    private static boolean ran(CommandResult result, String word) {
        return Pattern.compile("(?m)^#\\d+ \\d+\\.\\d+ " + word + "$").matcher(result.stderr()).find();
    }

    private static long filesSent(CommandResult result) {
        Matcher m = SENT.matcher(result.stderr());
        assertThat(m.find()).as("transfer summary in\n" + result.stderr()).isTrue();
        return Long.parseLong(m.group(3));
    }

    @Test
    void aSecondSyncOfTenThousandFilesMovesOnlyTheChangedOne(@TempDir Path tmp) throws Exception {
        Path context = Files.createDirectory(tmp.resolve("context"));
        Random random = new Random(42);
        byte[] content = new byte[2048];
        for (int d = 0; d < 100; d++) {
            Path dir = Files.createDirectory(context.resolve("dir" + d));
            for (int f = 0; f < 100; f++) {
                random.nextBytes(content);
                Files.write(dir.resolve("file" + f), content);
            }
        }
        Files.writeString(context.resolve("doomed.txt"), "to be deleted");
        Path out = tmp.resolve("out");
        try (CountingProxy wire = CountingProxy.to(DAEMON.tcpAddress())) {
            CommandResult first = build(wire.address(), tmp, copyContext(LocalOptions.defaults()),
                    "--local", "context=" + context, "--output", "type=local,dest=" + out);
            assertThat(first.exitCode()).as(first.toString()).isZero();
            long firstBytes = wire.bytesToDaemon();
            assertThat(firstBytes).isGreaterThan(100L * 100 * 2048);
            assertThat(filesSent(first)).isEqualTo(10_001);
            assertThat(out.resolve("dir7/file7")).hasSameBinaryContentAs(context.resolve("dir7/file7"));

            random.nextBytes(content);
            Files.write(context.resolve("dir50/file50"), content);
            Files.delete(context.resolve("doomed.txt"));
            Path out2 = tmp.resolve("out2");
            CommandResult second = build(wire.address(), tmp, copyContext(LocalOptions.defaults()),
                    "--local", "context=" + context, "--output", "type=local,dest=" + out2);
            assertThat(second.exitCode()).as(second.toString()).isZero();
            long secondBytes = wire.bytesToDaemon() - firstBytes;
            assertThat(filesSent(second)).isEqualTo(1);
            // Listing 10,000 stats costs well under a megabyte; the files themselves are 20 MB.
            assertThat(secondBytes).as("bytes to the daemon on the second build").isLessThan(firstBytes / 10)
                    .isGreaterThan(2048);
            assertThat(second.stderr()).contains("1 deleted");
            assertThat(out2.resolve("dir50/file50")).hasBinaryContent(content);
            assertThat(out2.resolve("doomed.txt")).doesNotExist();
            assertThat(out2.resolve("dir7/file7")).hasSameBinaryContentAs(context.resolve("dir7/file7"));
        }
    }

    @Test
    void touchingAFileKeepsItsCopyCachedAndChangingAByteRerunsOnlyWhatReadsIt(@TempDir Path tmp) throws Exception {
        Path context = Files.createDirectory(tmp.resolve("ctx"));
        Files.writeString(context.resolve("a.txt"), "alpha");
        Files.writeString(context.resolve("b.txt"), "beta");
        State local = Llb.local("context");
        State withA = busybox().file(FileActions.copy(local, "/a.txt", "/a.txt"));
        State ranA = withA.run(Run.shell("cat /a.txt > /seen-a; echo read-a")).root();
        State withB = ranA.file(FileActions.copy(local, "/b.txt", "/b.txt"));
        State ranB = withB.run(Run.shell("cat /b.txt > /seen-b; echo read-b")).root();
        Definition def = ranB.marshal();
        String addr = DAEMON.unixAddress();

        CommandResult first = build(addr, tmp, def, "--local", "context=" + context);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(ran(first, "read-a")).isTrue();
        assertThat(ran(first, "read-b")).isTrue();

        Files.setLastModifiedTime(context.resolve("a.txt"), FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        CommandResult touched = build(addr, tmp, def, "--local", "context=" + context);
        assertThat(touched.exitCode()).as(touched.toString()).isZero();
        assertThat(ran(touched, "read-a")).as(touched.stderr()).isFalse();
        assertThat(ran(touched, "read-b")).as(touched.stderr()).isFalse();

        Files.writeString(context.resolve("b.txt"), "betA");
        CommandResult changed = build(addr, tmp, def, "--local", "context=" + context);
        assertThat(changed.exitCode()).as(changed.toString()).isZero();
        assertThat(ran(changed, "read-a")).as(changed.stderr()).isFalse();
        assertThat(ran(changed, "read-b")).as(changed.stderr()).isTrue();
        assertThat(changed.stderr()).contains("content or mode changed: /b.txt");
        assertThat(changed.stderr()).contains("cache miss: its client session changed");
    }

    @Test
    void excludePatternsAreAppliedOnTheClientAndAMissingSourceIsExplained(@TempDir Path tmp) throws Exception {
        Path context = Files.createDirectory(tmp.resolve("ctx"));
        Files.createDirectories(context.resolve("build/sub"));
        Files.createDirectories(context.resolve("src"));
        Files.writeString(context.resolve("src/main.c"), "int main;");
        Files.writeString(context.resolve("debug.log"), "noise");
        Files.writeString(context.resolve("src/deep.log"), "noise");
        Files.writeString(context.resolve("build/out.o"), "object");
        Files.writeString(context.resolve("build/sub/x.o"), "object");
        Files.writeString(context.resolve("build/keep.txt"), "kept");
        LocalOptions ignoring = LocalOptions.defaults().withExcludePatterns(
                List.of("**/*.log", "build", "!build/keep.txt"));
        Path out = tmp.resolve("out");
        CommandResult result = build(DAEMON.unixAddress(), tmp, copyContext(ignoring),
                "--local", "context=" + context, "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(out.resolve("src/main.c")).hasContent("int main;");
        assertThat(out.resolve("build/keep.txt")).hasContent("kept");
        assertThat(out.resolve("debug.log")).doesNotExist();
        assertThat(out.resolve("src/deep.log")).doesNotExist();
        assertThat(out.resolve("build/out.o")).doesNotExist();
        assertThat(out.resolve("build/sub")).doesNotExist();
        Matcher m = SENT.matcher(result.stderr());
        assertThat(m.find()).as(result.stderr()).isTrue();
        assertThat(m.group(2)).as("excluded count in " + m.group()).isNotNull();
        assertThat(Long.parseLong(m.group(2))).isGreaterThanOrEqualTo(3);

        Definition copyExcluded = Llb.scratch().file(FileActions.copy(Llb.local("context", ignoring),
                "/debug.log", "/debug.log")).marshal();
        CommandResult excluded = build(DAEMON.unixAddress(), tmp, copyExcluded, "--local", "context=" + context);
        assertThat(excluded.exitCode()).isNotZero();
        assertThat(excluded.stderr()).contains("\"debug.log\" is excluded from the build context \"context\"")
                .contains("**/*.log");

        Definition copyMissing = Llb.scratch().file(FileActions.copy(Llb.local("context"), "/nope.txt", "/x"))
                .marshal();
        CommandResult missing = build(DAEMON.unixAddress(), tmp, copyMissing, "--local", "context=" + context);
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.stderr()).contains("\"nope.txt\" does not exist in the build context \"context\"")
                .contains("--local context=DIR");

        // LLB cleans "../../etc/passwd" to "/etc/passwd" inside the context, as upstream: never the daemon's file.
        Definition copyOutside = Llb.scratch().file(FileActions.copy(Llb.local("context"), "../../etc/passwd",
                "/x")).marshal();
        CommandResult outside = build(DAEMON.unixAddress(), tmp, copyOutside, "--local", "context=" + context);
        assertThat(outside.exitCode()).isNotZero();
        assertThat(outside.stderr()).contains("\"etc/passwd\" does not exist in the build context \"context\"");
    }

    @Test
    void twoClientsSyncingTheSameNameAtOnceEachGetTheirOwnFiles(@TempDir Path tmp) throws Exception {
        List<CompletableFuture<CommandResult>> builds = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path context = Files.createDirectory(tmp.resolve("ctx" + i));
            for (int f = 0; f < 2000; f++) {
                Files.writeString(context.resolve("f" + f), "client " + i + " file " + f);
            }
            Path out = tmp.resolve("out" + i);
            Path work = Files.createDirectory(tmp.resolve("work" + i));
            builds.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return build(DAEMON.unixAddress(), work, copyContext(LocalOptions.defaults()),
                            "--local", "context=" + context, "--output", "type=local,dest=" + out);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (int i = 0; i < 2; i++) {
            CommandResult result = builds.get(i).join();
            assertThat(result.exitCode()).as(result.toString()).isZero();
            Path out = tmp.resolve("out" + i);
            try (var files = Files.list(out)) {
                assertThat(files.count()).isEqualTo(2000);
            }
            assertThat(out.resolve("f1234")).hasContent("client " + i + " file 1234");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"overlayfs", "native"})
    void aStepWritingToACopiedFileLeavesTheContextAndItsCopyAlone(String snapshotter, @TempDir Path tmp)
            throws Exception {
        DaemonFixture daemon = snapshotter.equals("native") ? NATIVE : DAEMON;
        Path context = Files.createDirectory(tmp.resolve("ctx"));
        Files.writeString(context.resolve("a.txt"), "orig\n");
        State written = busybox().file(FileActions.copy(Llb.local("context"), "/a.txt", "/a.txt"))
                .run(Run.shell("echo appended >> /a.txt; cat /a.txt")).root();
        CommandResult write = build(daemon.unixAddress(), tmp, written.marshal(), "--local", "context=" + context);
        assertThat(write.exitCode()).as(write.toString()).isZero();
        assertThat(write.stderr()).contains("appended");

        Path out = tmp.resolve("out");
        CommandResult again = build(daemon.unixAddress(), tmp, Llb.scratch().file(FileActions.copy(
                Llb.local("context"), "/a.txt", "/a.txt")).marshal(), "--local", "context=" + context,
                "--output", "type=local,dest=" + out);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(out.resolve("a.txt")).hasContent("orig");
        assertThat(context.resolve("a.txt")).hasContent("orig");
        // The daemon keeps a copy per client directory; this context's copy carries its file's mtime.
        var mtime = Files.getLastModifiedTime(context.resolve("a.txt"));
        try (var copies = Files.walk(daemon.root().resolve("local-sync"))) {
            List<Path> ours = copies.filter(p -> p.getFileName().toString().equals("a.txt")).filter(p -> {
                try {
                    return Files.getLastModifiedTime(p).equals(mtime);
                } catch (java.io.IOException e) {
                    return false;
                }
            }).toList();
            assertThat(ours).as("the daemon's copies of %s", context).isNotEmpty();
            for (Path copy : ours) {
                assertThat(copy).as("the daemon's copy " + copy).hasContent("orig");
            }
        }
    }
}
