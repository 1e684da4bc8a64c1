package org.jbuildkit.e2e.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.Digest;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.e2e.fixtures.RunningCommand;
import org.jbuildkit.llb.CacheSharing;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Mount;
import org.jbuildkit.llb.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cache mounts are build-cache records, through the real buildctl and daemon: {@code du} lists them
 * with size and description, {@code prune} removes them (the next build starts with an empty cache),
 * and a prune while a step has the mount leaves it alone.
 */
class CacheMountRecordsTest {
    private static final Pattern RECORD = Pattern.compile("(?m)^ID:\\s+[0-9a-z]{25}$");
    private static final String COUNT = "n=$(cat /cache/count 2>/dev/null || echo 0); n=$((n+1));"
            + " echo $n > /cache/count; echo count-is-$n";

    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    @TempDir
    Path tmp;

    @BeforeAll
    static void pushBase(@TempDir Path dir) {
        BusyboxImage.build(dir).push(REGISTRY, "busybox", "latest");
    }

    private static Definition step(String script, Mount cache) {
        return Llb.image(REGISTRY.host() + "/busybox:latest").run(Run.shell(script).withMount(cache)).root().marshal();
    }

    private List<String> buildctl(String... args) {
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(),
                "--addr", DAEMON.unixAddress()));
        command.addAll(List.of(args));
        return command;
    }

    private CommandResult run(String... args) {
        CommandResult result = Commands.run(buildctl(args), Map.of(), 180, Path.of("/dev/null"));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    private Path definition(Definition def) throws Exception {
        return Files.write(Files.createTempFile(tmp, "def", ".pb"), def.toByteArray());
    }

    private CommandResult build(Definition def) throws Exception {
        CommandResult built = Commands.run(buildctl("build", "--progress", "plain"), Map.of(), 180, definition(def));
        assertThat(built.exitCode()).as(built.toString()).isZero();
        return built;
    }

    /** {@code du -v} of the cache mounts whose description names {@code id}. */
    private String cacheMountUsage(String id) {
        String du = run("du", "--verbose", "--filter", "type==exec.cachemount").stdout();
        StringBuilder mine = new StringBuilder();
        for (String record : du.split("\n\n")) {
            if (record.contains("with id \"" + id + "\"")) {
                mine.append(record).append("\n\n");
            }
        }
        return mine.toString();
    }

    @Test
    void duListsACacheMountWithItsSizeAndPruneRemovesItSoTheNextBuildStartsEmpty() throws Exception {
        String id = "records-" + UUID.randomUUID();
        Mount cache = Mount.cache("/cache", id, CacheSharing.SHARED);
        String fill = COUNT + "; dd if=/dev/zero of=/cache/blob bs=1024 count=1024 2>/dev/null";
        assertThat(build(step(fill, cache)).stderr()).contains("count-is-1");
        assertThat(build(step(fill + "; echo again", cache)).stderr()).contains("count-is-2");

        String usage = cacheMountUsage(id);
        assertThat(RECORD.matcher(usage).results().count()).as(usage).isEqualTo(1);
        assertThat(usage).containsPattern("Description:\\s+" + Pattern.quote("cached mount /cache from exec /bin/sh -c "
                + fill + " with id \"" + id + "\""))
                .containsPattern("Size:\\s+1\\.0\\d*MB")
                .containsPattern("Mutable:\\s+true")
                .containsPattern("Reclaimable:\\s+true")
                .containsPattern("Usage count:\\s+2")
                .containsPattern("Type:\\s+exec.cachemount");

        CommandResult kept = run("prune", "--verbose", "--keep-duration", "1h", "--filter", "type==exec.cachemount");
        assertThat(kept.stdout()).doesNotContain(id);
        assertThat(cacheMountUsage(id)).isNotEmpty();

        CommandResult pruned = run("prune", "--verbose", "--filter", "type==exec.cachemount");
        assertThat(pruned.stdout()).contains("with id \"" + id + "\"").containsPattern("Size:\\s+1\\.0\\d*MB");
        assertThat(cacheMountUsage(id)).isEmpty();
        assertThat(Files.list(DAEMON.root().resolve("cachemounts")).map(p -> p.getFileName().toString()))
                .as("the directory and nothing moved aside is left").noneMatch(n -> n.startsWith("deleting-"))
                .doesNotContain(Digest.sha256(id.getBytes(StandardCharsets.UTF_8)).hex());

        CommandResult fresh = build(step(fill + "; echo after-prune", cache));
        assertThat(fresh.stderr()).contains("count-is-1").doesNotContain("count-is-3");
    }

    @Test
    void aPruneWhileAStepHasTheMountLeavesItAndItsContent() throws Exception {
        String id = "held-" + UUID.randomUUID();
        Mount cache = Mount.cache("/cache", id, CacheSharing.LOCKED);
        Path dir = DAEMON.root().resolve("cachemounts").resolve(Digest.sha256(id.getBytes(StandardCharsets.UTF_8))
                .hex());
        // The step holds the mount until the test drops a file into the cache directory.
        String hold = COUNT + "; echo holding; while [ ! -f /cache/release ]; do sleep 0.1; done; echo released";
        try (RunningCommand held = RunningCommand.start(buildctl("build", "--progress", "plain"),
                definition(step(hold, cache)))) {
            held.awaitStderr(Pattern.compile("holding"), 120);

            String usage = cacheMountUsage(id);
            assertThat(usage).containsPattern("Reclaimable:\\s+false");
            CommandResult pruned = run("prune", "--all", "--verbose");
            assertThat(pruned.stdout()).doesNotContain("with id \"" + id + "\"");
            assertThat(dir.resolve("count")).hasContent("1\n");

            Files.writeString(dir.resolve("release"), "");
            CommandResult done = held.await(120);
            assertThat(done.exitCode()).as(done.toString()).isZero();
            assertThat(done.stderr()).contains("released");
        }
        assertThat(cacheMountUsage(id)).containsPattern("Reclaimable:\\s+true");
        Files.delete(dir.resolve("release"));
        assertThat(build(step(COUNT + "; echo kept", cache)).stderr()).contains("count-is-2");

        CommandResult pruned = run("prune", "--verbose", "--filter", "type==exec.cachemount");
        assertThat(pruned.stdout()).contains("with id \"" + id + "\"");
        assertThat(dir).doesNotExist();
    }
}
