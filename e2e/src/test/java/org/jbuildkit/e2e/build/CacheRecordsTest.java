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
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Results are cache records in the metadata store: they survive a restart, du lists them, prune removes them. */
class CacheRecordsTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();

    private static CommandResult buildctl(DaemonFixture daemon, Path stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(),
                "--addr", daemon.unixAddress()));
        command.addAll(List.of(args));
        return Commands.run(command, Map.of(), 180, stdin);
    }

    @Test
    void resultsSurviveARestartAndDuAndPruneSeeThem(@TempDir Path tmp) throws Exception {
        BusyboxImage.build(tmp.resolve("image")).push(REGISTRY, "busybox", "latest");
        Definition def = Llb.image(REGISTRY.host() + "/busybox:latest")
                .run(Run.shell("dd if=/dev/zero of=/blob bs=1024 count=300 2>/dev/null; echo made")).root().marshal();
        Path llb = Files.write(tmp.resolve("def"), def.toByteArray());
        Path empty = Files.write(tmp.resolve("empty"), new byte[0]);
        Path root;
        try (DaemonFixture first = DaemonFixture.unixSocket().start()) {
            root = first.root();
            CommandResult built = buildctl(first, llb, "build", "--progress", "plain");
            assertThat(built.exitCode()).as(built.toString()).isZero();
            assertThat(built.stderr()).containsPattern("#\\d+ \\d+\\.\\d{3} made");
            first.stop();
            try (DaemonFixture second = DaemonFixture.onRoot(root).start()) {
                CommandResult again = buildctl(second, llb, "build", "--progress", "plain");
                assertThat(again.exitCode()).as(again.toString()).isZero();
                assertThat(again.stderr()).doesNotContainPattern("#\\d+ \\d+\\.\\d{3} made").contains("CACHED");

                CommandResult du = buildctl(second, empty, "du");
                assertThat(du.exitCode()).as(du.toString()).isZero();
                assertThat(du.stdout().lines().filter(l -> l.matches("[0-9a-z]{25}\\s.*")).count()).isEqualTo(2);
                assertThat(du.stdout()).containsPattern("Total:\\t+[0-9.]+(kB|MB)");

                CommandResult regular = buildctl(second, empty, "du", "--filter", "type==regular");
                assertThat(regular.stdout().lines().filter(l -> l.matches("[0-9a-z]{25}\\s.*")).count()).isEqualTo(2);
                CommandResult locals = buildctl(second, empty, "du", "--filter", "type==source.local");
                assertThat(locals.stdout().lines().filter(l -> l.matches("[0-9a-z]{25}\\s.*")).count()).isZero();

                CommandResult prune = buildctl(second, empty, "prune", "--all");
                assertThat(prune.exitCode()).as(prune.toString()).isZero();
                assertThat(prune.stdout()).containsPattern("Total:\\t[0-9.]+(kB|MB)");
                CommandResult after = buildctl(second, empty, "du");
                assertThat(after.stdout()).contains("Total:\t\t0B");

                CommandResult rebuilt = buildctl(second, llb, "build", "--progress", "plain");
                assertThat(rebuilt.exitCode()).as(rebuilt.toString()).isZero();
                assertThat(rebuilt.stderr()).containsPattern("#\\d+ \\d+\\.\\d{3} made");
            }
        }
    }
}
