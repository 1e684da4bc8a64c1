package org.jbuildkit.e2e.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Run;
import org.jbuildkit.llb.State;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --output type=tar,dest=FILE|-} through the real buildctl and buildkitd: the daemon streams a
 * tar of the result over the session; the client writes it to FILE, or stdout while progress stays on stderr.
 */
class TarOutputBuildTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    private static State busybox() {
        return Llb.image(REGISTRY.host() + "/busybox:latest");
    }

    private static Definition withFiles() {
        return busybox().run(Run.shell(LocalOutputBuildTest.MAKE_FILES)).root().marshal();
    }

    private static List<String> command(String... extra) {
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(),
                "--addr", DAEMON.unixAddress(), "build", "--progress", "plain"));
        command.addAll(List.of(extra));
        return command;
    }

    private static CommandResult build(Path tmp, Definition definition, String... extra) throws Exception {
        Path file = Files.write(tmp.resolve("def-" + System.nanoTime()), definition.toByteArray());
        return Commands.run(command(extra), Map.of(), 180, file);
    }

    static List<String> entryNames(Path tar) throws IOException {
        return new ArrayList<>(entries(tar).keySet());
    }

    /** The tar's entries by name, in the order they are stored. */
    static Map<String, TarArchiveEntry> entries(Path tar) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = archive.getNextEntry()) != null) {
                entries.put(entry.getName(), entry);
            }
        }
        return entries;
    }

    private static String content(Path tar, String name) throws IOException {
        try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = archive.getNextEntry()) != null) {
                if (entry.getName().equals(name)) {
                    return new String(archive.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError(name + " is not in " + tar);
    }

    @Test
    void theTarHoldsTheTreeWithOwnersModesAndLinks(@TempDir Path tmp) throws Exception {
        Path tar = tmp.resolve("result.tar");
        CommandResult result = build(tmp, withFiles(), "--output", "type=tar,dest=" + tar);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        Map<String, TarArchiveEntry> entries = entries(tar);
        assertThat(entries.keySet()).doesNotContain("", "./", "/").contains("bin/", "bin/busybox", "bin/sh");
        TarArchiveEntry greeting = entries.get("out/sub/greeting");
        assertThat(greeting.getMode()).isEqualTo(0640);
        assertThat(greeting.getLongUserId()).isEqualTo(1234);
        assertThat(greeting.getLongGroupId()).isEqualTo(2345);
        // The walk meets out/hard first, so it holds the bytes and out/sub/greeting links to it, as fsutil's tar.
        assertThat(content(tar, "out/hard")).isEqualTo("hello\n");
        assertThat(greeting.isLink()).isTrue();
        assertThat(greeting.getLinkName()).isEqualTo("out/hard");
        assertThat(greeting.getSize()).isZero();
        assertThat(entries.get("out/sub/").isDirectory()).isTrue();
        assertThat(entries.get("out/link").isSymbolicLink()).isTrue();
        assertThat(entries.get("out/link").getLinkName()).isEqualTo("sub/greeting");
        assertThat(entries.get("out/dangling").getLinkName()).isEqualTo("/nowhere");
        assertThat(entries.get("out/hard").isFile()).isTrue();
        assertThat(entries.get("out/hard").getSize()).isEqualTo(6);
        assertThat(entries.get("out/suid").getMode()).isEqualTo(04755);
        assertThat(entries.get("out/old").getModTime().toInstant()).isEqualTo(Instant.parse("2020-01-02T03:04:05Z"));
        List<String> names = new ArrayList<>(entries.keySet());
        assertThat(names.indexOf("out/")).isLessThan(names.indexOf("out/dangling"));
        assertThat(names.indexOf("out/dangling")).isLessThan(names.indexOf("out/sub/"));
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
        }
    }

    @Test
    void dashWritesTheTarToStdoutWhileProgressStaysOnStderr(@TempDir Path tmp) throws Exception {
        Path def = Files.write(tmp.resolve("def"), withFiles().toByteArray());
        Path stdout = tmp.resolve("stdout.tar");
        Path stderr = tmp.resolve("stderr.txt");
        Process process = new ProcessBuilder(command("--output", "type=tar,dest=-"))
                .redirectInput(def.toFile()).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(Files.readString(stderr)).isZero();
        assertThat(content(stdout, "out/hard")).isEqualTo("hello\n");
        assertThat(Files.readString(stderr)).contains("exporting to client tarball").contains("DONE");
        Process tarTool = new ProcessBuilder("tar", "-tvf", stdout.toString()).redirectErrorStream(true).start();
        String listing = new String(tarTool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tarTool.waitFor()).isZero();
        assertThat(listing).contains("1234/2345").contains("out/link -> sub/greeting")
                .contains("out/sub/greeting link to out/hard");
    }

    @Test
    void aFailedBuildLeavesTheExistingFileAsItWas(@TempDir Path tmp) throws Exception {
        Path tar = Files.writeString(tmp.resolve("keep.tar"), "the previous result");
        Definition failing = busybox().run(Run.shell("echo about to fail && exit 3")).root().marshal();

        CommandResult result = build(tmp, failing, "--output", "type=tar,dest=" + tar);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(Files.readString(tar)).isEqualTo("the previous result");
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
        }
    }

    @Test
    void aDestThatCannotBeWrittenIsAnErrorBeforeTheBuild(@TempDir Path tmp) throws Exception {
        CommandResult noDir = build(tmp, withFiles(), "--output", "type=tar,dest=" + tmp.resolve("missing/x.tar"));
        assertThat(noDir.exitCode()).isEqualTo(1);
        assertThat(noDir.stderr()).contains("cannot write --output dest " + tmp.resolve("missing/x.tar"))
                .doesNotContain("mkdir -p /out");

        CommandResult isDir = build(tmp, withFiles(), "--output", "type=tar,dest=" + tmp);
        assertThat(isDir.exitCode()).isEqualTo(1);
        assertThat(isDir.stderr()).contains("destination file is a directory");
    }

    @Test
    void anUnknownTarAttributeIsRefusedWithTheAcceptedKeys(@TempDir Path tmp) throws Exception {
        Path tar = tmp.resolve("x.tar");
        CommandResult result = build(tmp, withFiles(), "--output", "type=tar,dest=" + tar + ",compression=gzip");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("output type tar has no attribute \"compression\"")
                .contains("it takes attestation-prefix, platform-split, source-date-epoch");
        assertThat(tar).doesNotExist();
    }
}
