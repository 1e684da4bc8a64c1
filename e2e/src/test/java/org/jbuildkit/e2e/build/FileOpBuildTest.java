package org.jbuildkit.e2e.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.llb.Chown;
import org.jbuildkit.llb.CopyOptions;
import org.jbuildkit.llb.FileActions;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Run;
import org.jbuildkit.llb.State;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** File ops in real builds: files made by a FileOp read by a later RUN, and a copy between stages. */
class FileOpBuildTest {
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

    private static CommandResult build(Path tmp, Definition definition) throws Exception {
        Path file = Files.write(tmp.resolve("def-" + System.nanoTime()), definition.toByteArray());
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(),
                "--addr", DAEMON.unixAddress(), "build", "--progress", "plain"));
        return Commands.run(command, Map.of(), 180, file);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void filesMadeByAFileOpAreReadByALaterRun(@TempDir Path tmp) throws Exception {
        State files = busybox().file(FileActions.mkdir("/data/sub", 0750, true, null, null)
                .mkfile("/data/sub/greeting", 0640, utf8("hello from a file op\n"))
                .symlink("sub/greeting", "/data/link")
                .mkfile("/data/gone", 0644, utf8("x"))
                .rm("/data/gone"));
        Definition def = files.run(Run.shell("cat /data/link; stat -c 'mode=%a' /data/sub/greeting /data/sub;"
                + " test ! -e /data/gone && echo gone-is-gone")).root().marshal();
        CommandResult result = build(tmp, def);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).containsPattern("#\\d+ \\d+\\.\\d{3} hello from a file op")
                .containsPattern("#\\d+ \\d+\\.\\d{3} mode=640")
                .containsPattern("#\\d+ \\d+\\.\\d{3} mode=750")
                .containsPattern("#\\d+ \\d+\\.\\d{3} gone-is-gone");

        CommandResult second = build(tmp, def);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.stderr()).doesNotContain("DONE").contains("CACHED");
    }

    @Test
    void aCopyTakesOneStagesResultIntoAnother(@TempDir Path tmp) throws Exception {
        State builder = busybox().run(Run.shell("mkdir -p /out && echo built-in-stage-one > /out/artifact"
                + " && echo skipped > /out/notes.md")).root();
        State app = busybox().file(FileActions.copy(builder, "/out/*.txt", "/none/",
                CopyOptions.defaults().withAllowWildcard(true).withAllowEmptyWildcard(true))
                .copy(builder, "/out", "/app", CopyOptions.defaults().withCopyDirContentsOnly(true)
                        .withCreateDestPath(true).withExcludePatterns(List.of("*.md")).withChmod(0700)
                        .withChown(Chown.ids(1234, 2345))));
        Definition def = app.run(Run.shell("cat /app/artifact; stat -c 'artifact-mode=%a owner=%u:%g' /app/artifact;"
                + " test ! -e /app/notes.md && echo notes-excluded")).root().marshal();
        CommandResult result = build(tmp, def);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).containsPattern("#\\d+ \\d+\\.\\d{3} built-in-stage-one")
                .containsPattern("#\\d+ \\d+\\.\\d{3} artifact-mode=700 owner=1234:2345")
                .containsPattern("#\\d+ \\d+\\.\\d{3} notes-excluded");
    }
}
