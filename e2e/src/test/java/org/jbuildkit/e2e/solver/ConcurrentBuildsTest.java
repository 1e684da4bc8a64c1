package org.jbuildkit.e2e.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.jbuildkit.e2e.fixtures.RunningCommand;
import org.jbuildkit.llb.CacheSharing;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Mount;
import org.jbuildkit.llb.Run;
import org.jbuildkit.llb.State;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The solver seen through real clients: independent steps overlap, a step two builds need runs
 * once, a locked cache mount serializes its users, and a failed step fails only the build that
 * needs it. Times come from {@code /proc/uptime} inside the steps (one clock for all containers),
 * never from the test's own clock.
 */
class ConcurrentBuildsTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    private static final String NOW = "$(cut -d' ' -f1 /proc/uptime)";

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    private static State busybox() {
        return Llb.image(REGISTRY.host() + "/busybox:latest");
    }

    static List<String> buildctl() {
        return new ArrayList<>(List.of(ProjectLayout.buildctl().toString(), "--addr", DAEMON.unixAddress(), "build",
                "--progress", "plain"));
    }

    static Path write(Path tmp, Definition definition) throws Exception {
        return Files.write(tmp.resolve("def-" + System.nanoTime()), definition.toByteArray());
    }

    private static CommandResult build(Path tmp, Definition definition) throws Exception {
        return Commands.run(buildctl(), Map.of(), 180, write(tmp, definition));
    }

    /** A step that records when it started and ended in /out. */
    private static State timed(String name, String extra) {
        return busybox().run(Run.shell("mkdir -p /out; echo " + NOW + " > /out/start; sleep 2; " + extra
                + "; echo " + NOW + " > /out/end; echo " + name)).root();
    }

    @Test
    void twoIndependentStepsOverlapInTime(@TempDir Path tmp) throws Exception {
        State a = timed("a", "true");
        State b = timed("b", ":");
        Definition def = busybox().run(Run.shell("echo A $(cat /a/out/start) $(cat /a/out/end);"
                + " echo B $(cat /b/out/start) $(cat /b/out/end)")
                .withMount(Mount.bind("/a", a).readOnly()).withMount(Mount.bind("/b", b).readOnly())).root().marshal();
        CommandResult result = build(tmp, def);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        double[] ta = interval(result.stderr(), "A");
        double[] tb = interval(result.stderr(), "B");
        assertThat(ta[0]).as("a started before b ended").isLessThan(tb[1]);
        assertThat(tb[0]).as("b started before a ended").isLessThan(ta[1]);
    }

    @Test
    void aStepTwoConcurrentBuildsNeedRunsOnceAndBothHearIt(@TempDir Path tmp) throws Exception {
        SharedStep step = SharedStep.create();
        Path one = write(tmp, step.state().run(Run.shell("echo one")).root().marshal());
        Path two = write(tmp, step.state().run(Run.shell("echo two")).root().marshal());
        try (RunningCommand first = RunningCommand.start(buildctl(), one)) {
            first.awaitStderr(Pattern.compile("shared-started-"), 60);
            try (RunningCommand second = RunningCommand.start(buildctl(), two)) {
                CommandResult r2 = second.await(120);
                CommandResult r1 = first.await(120);
                assertThat(r1.exitCode()).as(r1.toString()).isZero();
                assertThat(r2.exitCode()).as(r2.toString()).isZero();
                assertThat(r1.stderr()).contains("shared-finished").containsPattern("\\d{3} one");
                assertThat(r2.stderr()).as("the second build joined the running step").contains("shared-finished")
                        .containsPattern("\\d{3} two");
            }
        }
        assertThat(runsRecorded(tmp, step.counter())).isEqualTo(1);
    }

    @Test
    void cancellingOneBuildKeepsTheStepItSharesRunningForTheOther(@TempDir Path tmp) throws Exception {
        SharedStep step = SharedStep.create();
        Path one = write(tmp, step.state().run(Run.shell("echo one")).root().marshal());
        Path two = write(tmp, step.state().run(Run.shell("echo two")).root().marshal());
        try (RunningCommand first = RunningCommand.start(buildctl(), one)) {
            first.awaitStderr(Pattern.compile("shared-started-"), 60);
            try (RunningCommand second = RunningCommand.start(buildctl(), two)) {
                // The second build shows the shared step as started once it has joined it.
                second.awaitStderr(Pattern.compile("#\\d+ /bin/sh -c echo shared-started-" + step.id()), 60);
                first.terminate(30);
                CommandResult r2 = second.await(120);
                assertThat(r2.exitCode()).as(r2.toString()).isZero();
                assertThat(r2.stderr()).contains("shared-finished").containsPattern("\\d{3} two");
            }
        }
        assertThat(runsRecorded(tmp, step.counter())).isEqualTo(1);
    }

    @Test
    void aLockedCacheMountSerializesTheStepsUsingIt(@TempDir Path tmp) throws Exception {
        List<double[]> locked = cacheUsers(tmp, CacheSharing.LOCKED);
        assertThat(locked.get(0)[1] <= locked.get(1)[0] || locked.get(1)[1] <= locked.get(0)[0])
                .as("locked users never overlap: %s..%s and %s..%s", locked.get(0)[0], locked.get(0)[1],
                        locked.get(1)[0], locked.get(1)[1]).isTrue();

        // The same graph with a shared mount does overlap, so the check above can tell the difference.
        List<double[]> shared = cacheUsers(tmp, CacheSharing.SHARED);
        assertThat(shared.get(0)[0]).isLessThan(shared.get(1)[1]);
        assertThat(shared.get(1)[0]).isLessThan(shared.get(0)[1]);
    }

    @Test
    void aFailedStepFailsOnlyTheBuildThatNeedsIt(@TempDir Path tmp) throws Exception {
        String id = UUID.randomUUID().toString();
        Path failing = write(tmp, busybox().run(Run.shell("echo failing-" + id + "; sleep 2; exit 5")).root().marshal());
        Path passing = write(tmp, busybox().run(Run.shell("echo passing-" + id + "; sleep 4")).root().marshal());
        try (RunningCommand bad = RunningCommand.start(buildctl(), failing);
                RunningCommand good = RunningCommand.start(buildctl(), passing)) {
            CommandResult badResult = bad.await(120);
            CommandResult goodResult = good.await(120);
            assertThat(badResult.exitCode()).as(badResult.toString()).isEqualTo(1);
            assertThat(badResult.stderr()).contains("exit code: 5");
            assertThat(goodResult.exitCode()).as(goodResult.toString()).isZero();
            assertThat(goodResult.stderr()).doesNotContain("ERROR");
        }
    }

    /** A slow step both builds of a test need; it counts its runs in a cache mount. */
    private record SharedStep(String id, Mount counter, State state) {
        static SharedStep create() {
            String id = "runs-" + UUID.randomUUID();
            Mount counter = Mount.cache("/counter", id, CacheSharing.SHARED);
            return new SharedStep(id, counter, busybox().run(Run.shell("echo shared-started-" + id + "; sleep 6;"
                    + " echo run >> /counter/runs; echo shared-finished").withMount(counter)).root());
        }
    }

    /** Two independent steps that write their start and end into one cache mount, read back by a third. */
    private static List<double[]> cacheUsers(Path tmp, CacheSharing sharing) throws Exception {
        String id = "events-" + UUID.randomUUID();
        Mount cache = Mount.cache("/c", id, sharing);
        List<State> users = new ArrayList<>();
        for (String name : List.of("first", "second")) {
            // The mount's ID and sharing are not part of a step's cache key, so the commands name the ID.
            users.add(busybox().run(Run.shell("echo " + name + " start " + NOW + " >> /c/events; sleep 2; echo " + name
                    + " end " + NOW + " >> /c/events; : " + id).withMount(cache)).root());
        }
        Definition def = busybox().run(Run.shell("cat /c/events | sed 's/^/event /'; : " + id).withMount(cache)
                .withMount(Mount.bind("/u1", users.get(0)).readOnly())
                .withMount(Mount.bind("/u2", users.get(1)).readOnly())).root().marshal();
        CommandResult result = build(tmp, def);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<double[]> intervals = new ArrayList<>();
        for (String name : List.of("first", "second")) {
            intervals.add(new double[] {event(result.stderr(), name, "start"), event(result.stderr(), name, "end")});
        }
        return intervals;
    }

    private static double event(String log, String name, String edge) {
        Matcher m = Pattern.compile("event " + name + " " + edge + " ([0-9.]+)").matcher(log);
        assertThat(m.find()).as("event %s %s in:\n%s", name, edge, log).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static double[] interval(String log, String label) {
        Matcher m = Pattern.compile("\\d{3} " + label + " ([0-9.]+) ([0-9.]+)").matcher(log);
        assertThat(m.find()).as("times of %s in:\n%s", label, log).isTrue();
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
    }

    /** How many times the shared step appended to the counter, read by a step that is never cached. */
    private static int runsRecorded(Path tmp, Mount counter) throws Exception {
        CommandResult check = build(tmp, busybox().run(Run.shell("echo runs=$(wc -l < /counter/runs)")
                .withMount(counter).withIgnoreCache()).root().marshal());
        assertThat(check.exitCode()).as(check.toString()).isZero();
        Matcher m = Pattern.compile("runs=(\\d+)").matcher(check.stderr());
        assertThat(m.find()).as(check.toString()).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
