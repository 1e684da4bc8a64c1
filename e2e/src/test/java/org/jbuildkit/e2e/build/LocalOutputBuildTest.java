package org.jbuildkit.e2e.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
 * {@code --output type=local,dest=DIR} through the real buildctl and buildkitd: the daemon sends the
 * result over the session, the client writes DIR; outputs the daemon cannot make are refused before building.
 */
class LocalOutputBuildTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    /** Files of every kind, made by a RUN; the owner 1234:2345 is the build's, not what the client keeps. */
    static final String MAKE_FILES = "mkdir -p /out/sub && echo hello > /out/sub/greeting"
            + " && chown 1234:2345 /out/sub/greeting && chmod 0640 /out/sub/greeting"
            + " && ln -s sub/greeting /out/link && ln -s /nowhere /out/dangling"
            + " && ln /out/sub/greeting /out/hard"
            + " && echo x > /out/suid && chmod 4755 /out/suid"
            + " && touch /out/empty && touch -t 202001020304.05 /out/old";

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    static State withFiles() {
        return Llb.image(REGISTRY.host() + "/busybox:latest").run(Run.shell(MAKE_FILES)).root();
    }

    static CommandResult build(Path tmp, Definition definition, String... extra) throws Exception {
        Path file = Files.write(tmp.resolve("def-" + System.nanoTime()), definition.toByteArray());
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(),
                "--addr", DAEMON.unixAddress(), "build", "--progress", "plain"));
        command.addAll(List.of(extra));
        return Commands.run(command, Map.of(), 180, file);
    }

    @Test
    void theResultArrivesInTheDirectoryWithModesLinksAndTimes(@TempDir Path tmp) throws Exception {
        Path dest = tmp.resolve("out/nested");
        CommandResult result = build(tmp, withFiles().marshal(), "--output", "type=local,dest=" + dest);
        Path out = dest.resolve("out");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Files.readString(out.resolve("sub/greeting"))).isEqualTo("hello\n");
        assertThat(Files.getAttribute(out.resolve("sub/greeting"), "unix:mode")).isEqualTo(0100640);
        assertThat(Files.readSymbolicLink(out.resolve("link"))).isEqualTo(Path.of("sub/greeting"));
        assertThat(Files.readSymbolicLink(out.resolve("dangling"))).isEqualTo(Path.of("/nowhere"));
        assertThat(Files.getAttribute(out.resolve("hard"), "unix:ino"))
                .isEqualTo(Files.getAttribute(out.resolve("sub/greeting"), "unix:ino"));
        assertThat(Files.getAttribute(out.resolve("suid"), "unix:mode")).isEqualTo(0104755);
        assertThat(Files.size(out.resolve("empty"))).isZero();
        assertThat(Files.getLastModifiedTime(out.resolve("old")))
                .isEqualTo(FileTime.from(Instant.parse("2020-01-02T03:04:05Z")));
        // As upstream's buildctl: the files belong to whoever ran the client (root here), not 1234:2345.
        assertThat(Files.getAttribute(out.resolve("sub/greeting"), "unix:uid")).isEqualTo(0);
        assertThat(Files.getAttribute(out.resolve("sub/greeting"), "unix:gid")).isEqualTo(0);
        assertThat(Files.getAttribute(dest, "unix:mode")).isEqualTo(040700);
        assertThat(Files.isExecutable(dest.resolve("bin/busybox"))).isTrue();
        assertThat(Files.readSymbolicLink(dest.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
        try (Stream<Path> all = Files.walk(out)) {
            assertThat(all.map(p -> out.relativize(p).toString()).filter(p -> !p.isEmpty()).sorted())
                    .containsExactly("dangling", "empty", "hard", "link", "old", "sub", "sub/greeting", "suid");
        }
    }

    @Test
    void filesAlreadyThereAreOverwrittenAndOthersKept(@TempDir Path tmp) throws Exception {
        Path dest = tmp.resolve("dest");
        Path sub = Files.createDirectories(dest.resolve("out/sub"));
        Files.writeString(sub.resolve("greeting"), "stale");
        Files.writeString(dest.resolve("out/mine"), "kept");
        Files.createSymbolicLink(dest.resolve("out/link"), tmp);

        CommandResult result = build(tmp, withFiles().marshal(), "--output", dest.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Files.readString(sub.resolve("greeting"))).isEqualTo("hello\n");
        assertThat(Files.readString(dest.resolve("out/mine"))).isEqualTo("kept");
        assertThat(Files.readSymbolicLink(dest.resolve("out/link"))).isEqualTo(Path.of("sub/greeting"));
    }

    @Test
    void theExportIsItsOwnVertexWithACopyingFilesStatus(@TempDir Path tmp) throws Exception {
        Path file = Files.write(tmp.resolve("def"), withFiles().marshal().toByteArray());
        CommandResult result = Commands.run(List.of(ProjectLayout.buildctl().toString(), "--addr", DAEMON.unixAddress(),
                "build", "--progress", "rawjson", "--output", "type=local,dest=" + tmp.resolve("out")), Map.of(), 180,
                file);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).contains("\"name\":\"exporting to client directory\"")
                .contains("\"id\":\"copying files\"").contains("\"name\":\"transferring\"");
    }

    @Test
    void sourceDateEpochSetsEveryMtime(@TempDir Path tmp) throws Exception {
        Path dest = tmp.resolve("dest");
        CommandResult result = build(tmp, withFiles().marshal(), "--output",
                "type=local,dest=" + dest + ",source-date-epoch=1700000000");
        Path out = dest.resolve("out");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        FileTime epoch = FileTime.from(Instant.ofEpochSecond(1_700_000_000L));
        for (String p : List.of("sub", "sub/greeting", "old", "link")) {
            assertThat(Files.getLastModifiedTime(out.resolve(p), LinkOption.NOFOLLOW_LINKS)).as(p).isEqualTo(epoch);
        }
    }

    @Test
    void anUnknownOutputTypeIsRefusedBeforeBuildingWithTheTypesThereAre(@TempDir Path tmp) throws Exception {
        CommandResult result = build(tmp, withFiles().marshal(), "--output", "type=nope");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("output type \"nope\" is not available in this daemon: it has docker, image, local, oci, tar")
                .doesNotContain("mkdir -p /out");
    }

    @Test
    void anUnknownAttributeIsNamedWithTheAcceptedKeys(@TempDir Path tmp) throws Exception {
        CommandResult result = build(tmp, withFiles().marshal(), "--output",
                "type=local,dest=" + tmp.resolve("out") + ",colour=red");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("output type local has no attribute \"colour\"")
                .contains("it takes attestation-prefix, mode, platform-split, source-date-epoch")
                .doesNotContain("mkdir -p /out");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void aMissingOrImpossibleDestIsAnErrorBeforeTheBuild(@TempDir Path tmp) throws Exception {
        CommandResult missing = build(tmp, withFiles().marshal(), "--output", "type=local");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("output directory is required for local exporter");

        Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
        CommandResult under = build(tmp, withFiles().marshal(), "--output", "type=local,dest=" + file + "/sub");
        assertThat(under.exitCode()).isEqualTo(1);
        assertThat(under.stderr()).contains("cannot create the output directory " + file + "/sub")
                .doesNotContain("mkdir -p /out");

        CommandResult notDir = build(tmp, withFiles().marshal(), "--output", "type=local,dest=" + file);
        assertThat(notDir.exitCode()).isEqualTo(1);
        assertThat(notDir.stderr()).contains("--output dest " + file + " exists and is not a directory");
        assertThat(Files.readString(file)).isEqualTo("not a directory");
    }

    @Test
    void twoOutputsAtOnceEachGetTheResult(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("dir");
        Path tar = tmp.resolve("result.tar");
        CommandResult result = build(tmp, withFiles().marshal(), "--output", "type=local,dest=" + dir,
                "--output", "type=tar,dest=" + tar);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Files.readString(dir.resolve("out/sub/greeting"))).isEqualTo("hello\n");
        assertThat(TarOutputBuildTest.entryNames(tar)).contains("out/sub/", "out/sub/greeting", "out/link", "out/hard");
    }
}
