package org.jbuildkit.e2e.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.llb.CacheSharing;
import org.jbuildkit.llb.ExecState;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Mount;
import org.jbuildkit.llb.Run;
import org.jbuildkit.llb.State;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run mounts through the real buildctl and daemon, on each snapshotter: cache, read-only bind of
 * another stage, tmpfs, and a writable bind as an output later steps read.
 */
class ExecMountBuildTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture OVERLAY = DaemonFixture.unixSocket("--oci-worker-snapshotter", "overlayfs");
    @RegisterExtension
    static final DaemonFixture NATIVE = DaemonFixture.unixSocket("--oci-worker-snapshotter", "native");

    private static DaemonFixture daemon(String snapshotter) {
        return snapshotter.equals("native") ? NATIVE : OVERLAY;
    }

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    private static State busybox() {
        return Llb.image(REGISTRY.host() + "/busybox:latest");
    }

    private static CommandResult build(DaemonFixture daemon, Path tmp, Definition definition) throws Exception {
        Path file = Files.write(tmp.resolve("def-" + System.nanoTime()), definition.toByteArray());
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(),
                "--addr", daemon.unixAddress(), "build", "--progress", "plain"));
        return Commands.run(command, Map.of(), 180, file);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"overlayfs", "native"})
    void aCacheMountsCounterIsSeenByTheNextBuildsChangedStep(String snapshotter, @TempDir Path tmp) throws Exception {
        DaemonFixture daemon = daemon(snapshotter);
        String id = "counter-" + UUID.randomUUID();
        String count = "n=$(cat /cache/count 2>/dev/null || echo 0); n=$((n+1)); echo $n > /cache/count;"
                + " echo count-is-$n";
        Mount cache = Mount.cache("/cache", id, CacheSharing.LOCKED);
        CommandResult first = build(daemon, tmp, busybox().run(Run.shell(count).withMount(cache)).root().marshal());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.stderr()).contains("count-is-1");

        CommandResult second = build(daemon, tmp,
                busybox().run(Run.shell(count + "; echo changed").withMount(cache)).root().marshal());
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.stderr()).contains("count-is-2").doesNotContain("count-is-1");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"overlayfs", "native"})
    void aReadOnlyBindOfAnotherStageIsReadByTheStep(String snapshotter, @TempDir Path tmp) throws Exception {
        DaemonFixture daemon = daemon(snapshotter);
        State stage = busybox().run(Run.shell("mkdir -p /out && echo staged-content > /out/f")).root();
        Definition def = busybox().run(Run.shell("cat /in/f; if touch /in/x 2>/dev/null; then exit 9; fi")
                .withMount(Mount.bind("/in", stage).readOnly().withSelector("/out"))).root().marshal();
        CommandResult result = build(daemon, tmp, def);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).containsPattern("#\\d+ \\d+\\.\\d{3} staged-content");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"overlayfs", "native"})
    void aTmpfsIsWritable(String snapshotter, @TempDir Path tmp) throws Exception {
        DaemonFixture daemon = daemon(snapshotter);
        Definition def = busybox()
                .run(Run.shell("echo in-tmpfs > /t/f && cat /t/f && grep -c ' /t tmpfs ' /proc/mounts")
                .withMount(Mount.tmpfs("/t"))).root().marshal();
        CommandResult result = build(daemon, tmp, def);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).containsPattern("#\\d+ \\d+\\.\\d{3} in-tmpfs")
                .containsPattern("#\\d+ \\d+\\.\\d{3} 1\n");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"overlayfs", "native"})
    void aWritableBindIsAnOutputLaterStepsBuildOn(String snapshotter, @TempDir Path tmp) throws Exception {
        DaemonFixture daemon = daemon(snapshotter);
        State stage = busybox().run(Run.shell("mkdir -p /work && echo base > /work/a")).root();
        ExecState exec = busybox().run(Run.shell("echo added > /w/work/b").withMount(Mount.bind("/w", stage)));
        Definition def = busybox().run(Run.shell("cat /in/work/a /in/work/b")
                .withMount(Mount.bind("/in", exec.getMount("/w")).readOnly())).root().marshal();
        CommandResult result = build(daemon, tmp, def);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).containsPattern("#\\d+ \\d+\\.\\d{3} base")
                .containsPattern("#\\d+ \\d+\\.\\d{3} added");
    }
}
