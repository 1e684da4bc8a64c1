package org.jbuildkit.e2e.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.llb.CopyOptions;
import org.jbuildkit.llb.FileActions;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Mount;
import org.jbuildkit.llb.Run;
import org.jbuildkit.llb.State;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine's whole story on one 10-vertex graph (image, execs, file ops, a merge): it builds and
 * gives the right files; the second run is entirely CACHED; so is a run after a daemon restart;
 * changing one step re-runs exactly it and its dependents; ignore-cache re-runs only its step and
 * what reads it.
 */
class TenVertexGraphTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    /** The graph; {@code b} is what step B writes, {@code ignoreCacheOnC} marks step C ignore-cache. */
    private static Definition graph(String id, String b, boolean ignoreCacheOnC) {
        State busybox = Llb.image(REGISTRY.host() + "/busybox:latest");
        State a = busybox.run(Run.shell("echo a-" + id + " > /a").withCustomName("A")).root();
        State stepB = busybox.run(Run.shell("mkdir -p /out && echo " + b + " > /out/b").withCustomName("B")).root();
        Run runC = Run.shell("mkdir -p /out && echo c-" + id + " > /out/c").withCustomName("C");
        State c = busybox.run(ignoreCacheOnC ? runC.withIgnoreCache() : runC).root();
        State dataOnA = a.file(FileActions.mkdir("/data", 0755).mkfile("/data/f", 0644, ("f-" + id + "\n").getBytes()));
        State copied = Llb.scratch().file(FileActions.copy(stepB, "/out/b", "/data/b",
                CopyOptions.defaults().withCreateDestPath(true)));
        State merged = Llb.merge(dataOnA, copied);
        State summary = merged.run(Run.shell("cat /a /data/f /data/b > /summary").withCustomName("SUMMARY")).root();
        State trimmed = summary.file(FileActions.rm("/a"));
        return trimmed.run(Run.shell("echo summary: $(cat /summary); test ! -e /a && echo a-removed;"
                + " echo c: $(cat /c/c)").withMount(Mount.bind("/c", c).readOnly().withSelector("/out"))
                .withCustomName("FINAL")).root().marshal();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"overlayfs", "native"})
    void buildsCachesSurvivesARestartAndRerunsOnlyWhatChanged(String snapshotter, @TempDir Path tmp) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Definition def = graph(id, "b-" + id, false);
        assertThat(def.getDefCount()).as("10 vertices and the terminal op").isEqualTo(11);
        // The first daemon's directory (and root) lives until the end; only its process stops.
        try (DaemonFixture daemon = DaemonFixture.unixSocket("--oci-worker-snapshotter", snapshotter).start()) {
            CommandResult first = build(daemon, tmp, def);
            assertThat(first.exitCode()).as(first.toString()).isZero();
            assertThat(first.stderr()).contains("summary: a-" + id + " f-" + id + " b-" + id)
                    .contains("a-removed").contains("c: c-" + id);
            assertThat(doneCount(first.stderr())).isEqualTo(10);

            CommandResult second = build(daemon, tmp, def);
            assertThat(second.exitCode()).as(second.toString()).isZero();
            assertThat(cachedCount(second.stderr())).as(second.stderr()).isEqualTo(10);
            assertThat(doneCount(second.stderr())).isZero();
            daemon.stop();
            restartedOn(daemon.root(), snapshotter, tmp, id, def);
        }
    }

    private static void restartedOn(Path root, String snapshotter, Path tmp, String id, Definition def)
            throws Exception {
        try (DaemonFixture restarted = DaemonFixture.onRoot(root, "--oci-worker-snapshotter", snapshotter).start()) {
            CommandResult third = build(restarted, tmp, def);
            assertThat(third.exitCode()).as(third.toString()).isZero();
            assertThat(cachedCount(third.stderr())).as(third.stderr()).isEqualTo(10);

            CommandResult changed = build(restarted, tmp, graph(id, "b2-" + id, false));
            assertThat(changed.exitCode()).as(changed.toString()).isZero();
            assertThat(changed.stderr()).contains("summary: a-" + id + " f-" + id + " b2-" + id);
            // B, the copy of its file, the merge, SUMMARY, the rm and FINAL run; the image, A, its file op and C do not.
            assertThat(doneCount(changed.stderr())).as(changed.stderr()).isEqualTo(6);
            assertThat(cachedCount(changed.stderr())).isEqualTo(4);
            assertThat(stateOf(changed.stderr(), "A")).isEqualTo("CACHED");
            assertThat(stateOf(changed.stderr(), "C")).isEqualTo("CACHED");
            assertThat(stateOf(changed.stderr(), "B")).isEqualTo("DONE");
            assertThat(stateOf(changed.stderr(), "SUMMARY")).isEqualTo("DONE");

            CommandResult ignoring = build(restarted, tmp, graph(id, "b2-" + id, true));
            assertThat(ignoring.exitCode()).as(ignoring.toString()).isZero();
            assertThat(stateOf(ignoring.stderr(), "C")).isEqualTo("DONE");
            assertThat(stateOf(ignoring.stderr(), "B")).isEqualTo("CACHED");
            assertThat(stateOf(ignoring.stderr(), "SUMMARY")).isEqualTo("CACHED");
        }
    }

    private static CommandResult build(DaemonFixture daemon, Path tmp, Definition def) throws Exception {
        Path file = Files.write(tmp.resolve("def-" + System.nanoTime()), def.toByteArray());
        return Commands.run(List.of(ProjectLayout.buildctl().toString(), "--addr", daemon.unixAddress(), "build",
                "--progress", "plain"), Map.of(), 180, file);
    }

    private static long cachedCount(String plain) {
        return plain.lines().filter(l -> l.matches("#\\d+ CACHED")).count();
    }

    private static long doneCount(String plain) {
        return plain.lines().filter(l -> l.matches("#\\d+ DONE \\d+\\.\\ds")).count();
    }

    /** DONE or CACHED for the vertex with this custom name, from plain progress. */
    private static String stateOf(String plain, String name) {
        Matcher header = Pattern.compile("(?m)^(#\\d+) " + Pattern.quote(name) + "$").matcher(plain);
        assertThat(header.find()).as("vertex %s in:\n%s", name, plain).isTrue();
        Matcher end = Pattern.compile("(?m)^" + header.group(1) + " (DONE|CACHED)").matcher(plain);
        assertThat(end.find()).as("end of vertex %s in:\n%s", name, plain).isTrue();
        return end.group(1);
    }
}
