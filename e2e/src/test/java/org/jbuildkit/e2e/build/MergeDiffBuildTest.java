package org.jbuildkit.e2e.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Run;
import org.jbuildkit.llb.State;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Merge and diff ops through the real buildctl and daemon over the busybox image, on each snapshotter:
 * two stages merged and read by a later step, a step's diff rebased onto another stage, and a rebuild
 * that comes entirely from the cache.
 */
class MergeDiffBuildTest {
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
        return Commands.run(List.of(ProjectLayout.buildctl().toString(), "--addr", daemon.unixAddress(), "build",
                "--progress", "plain"), Map.of(), 180, file);
    }

    /** Two stages built independently on busybox, merged, and a step on the merge that reads both. */
    private static Definition twoStagesMerged(String marker) {
        State a = busybox().run(Run.shell("mkdir -p /out && echo from-a-" + marker + " > /out/a")).root();
        State b = busybox().run(Run.shell("mkdir -p /srv && echo from-b-" + marker + " > /srv/b")).root();
        return Llb.merge(a, b).run(Run.shell("cat /out/a /srv/b")).root().marshal();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"overlayfs", "native"})
    void aStepOnAMergeOfTwoStagesReadsBothResults(String snapshotter, @TempDir Path tmp) throws Exception {
        String marker = UUID.randomUUID().toString();
        CommandResult result = build(daemon(snapshotter), tmp, twoStagesMerged(marker));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).containsPattern("#\\d+ \\d+\\.\\d{3} from-a-" + marker)
                .containsPattern("#\\d+ \\d+\\.\\d{3} from-b-" + marker);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"overlayfs", "native"})
    void aStepsDiffMergedOntoAnotherStageDeletesWhatTheStepDeleted(String snapshotter, @TempDir Path tmp)
            throws Exception {
        String marker = UUID.randomUUID().toString();
        State base = busybox().run(Run.shell("echo doomed > /doomed && echo base-only > /base-only && echo "
                + marker)).root();
        State step = base.run(Run.shell("rm /doomed && mkdir -p /opt && echo added > /opt/added")).root();
        State other = busybox().run(Run.shell("echo other-doomed > /doomed && echo other > /other && echo "
                + marker)).root();
        String check = "test ! -e /doomed && test ! -e /base-only && cat /opt/added /other && echo rebased-ok";
        Definition def = Llb.merge(other, Llb.diff(base, step)).run(Run.shell(check)).root().marshal();

        CommandResult result = build(daemon(snapshotter), tmp, def);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).containsPattern("#\\d+ \\d+\\.\\d{3} added")
                .containsPattern("#\\d+ \\d+\\.\\d{3} other").containsPattern("#\\d+ \\d+\\.\\d{3} rebased-ok");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"overlayfs", "native"})
    void theSecondIdenticalBuildIsAllCached(String snapshotter, @TempDir Path tmp) throws Exception {
        String marker = UUID.randomUUID().toString();
        State base = busybox().run(Run.shell("echo " + marker + " > /m")).root();
        State step = base.run(Run.shell("echo more > /more")).root();
        Definition def = Llb.merge(busybox(), Llb.diff(base, step)).run(Run.shell("cat /more")).root().marshal();
        DaemonFixture daemon = daemon(snapshotter);

        CommandResult first = build(daemon, tmp, def);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.stderr()).contains("DONE");

        CommandResult second = build(daemon, tmp, def);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.stderr()).doesNotContain("DONE").contains("CACHED");
    }
}
