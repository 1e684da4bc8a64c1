package org.jbuildkit.e2e.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage collection on its own: daemons configured with {@code [[worker.oci.gcpolicy]]} rules, real
 * builds of about 1MB each, and {@code buildctl du} to see what the policy left.
 */
class GcPolicyBuildTest {
    private static final Pattern RECORD = Pattern.compile("(?m)^[0-9a-z]{25}\\s");
    private static final Pattern TOTAL = Pattern.compile("Total:\\s+([0-9.]+)(B|kB|MB|GB)");
    private static final Pattern GC_RUN = Pattern.compile("gc: (removed|nothing to remove)");
    /** The policy's limit: 5 MiB, as upstream reads "5MB". */
    private static final long LIMIT = 5L << 20;
    private static final int BUILDS = 5;

    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();

    @TempDir
    Path tmp;

    @BeforeAll
    static void pushBase(@TempDir Path dir) {
        BusyboxImage.build(dir).push(REGISTRY, "busybox", "latest");
    }

    /** Build {@code n} writes 1MiB, so each one adds about a megabyte of cache. */
    private static Definition megabyteStep(int n) {
        return Llb.image(REGISTRY.host() + "/busybox:latest")
                .run(Run.shell("dd if=/dev/zero of=/blob-" + n + " bs=1024 count=1024 2>/dev/null; echo made-" + n))
                .root().marshal();
    }

    private DaemonFixture daemon(String config) throws Exception {
        Path file = Files.writeString(Files.createTempFile(tmp, "buildkitd", ".toml"), config);
        return DaemonFixture.unixSocket("--config", file.toString(), "--debug").start();
    }

    private CommandResult buildctl(DaemonFixture daemon, Definition def, String... args) throws Exception {
        Path stdin = def == null ? Path.of("/dev/null")
                : Files.write(Files.createTempFile(tmp, "def", ".pb"), def.toByteArray());
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(),
                "--addr", daemon.unixAddress()));
        command.addAll(List.of(args));
        return Commands.run(command, Map.of(), 180, stdin);
    }

    private CommandResult build(DaemonFixture daemon, int n) throws Exception {
        CommandResult built = buildctl(daemon, megabyteStep(n), "build", "--progress", "plain");
        assertThat(built.exitCode()).as(built.toString()).isZero();
        return built;
    }

    private record Usage(long records, long bytes) {
    }

    private Usage du(DaemonFixture daemon) throws Exception {
        CommandResult du = buildctl(daemon, null, "du");
        assertThat(du.exitCode()).as(du.toString()).isZero();
        Matcher total = TOTAL.matcher(du.stdout());
        assertThat(total.find()).as(du.stdout()).isTrue();
        long unit = switch (total.group(2)) {
            case "kB" -> 1000;
            case "MB" -> 1000_000;
            case "GB" -> 1000_000_000;
            default -> 1;
        };
        return new Usage(RECORD.matcher(du.stdout()).results().count(),
                (long) (Double.parseDouble(total.group(1)) * unit));
    }

    /** Polls {@code buildctl du} until the condition holds: garbage collection runs on its own schedule. */
    private Usage awaitUsage(DaemonFixture daemon, Predicate<Usage> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Usage usage = du(daemon);
        while (!condition.test(usage) && System.nanoTime() < deadline) {
            daemon.process().waitFor(250, TimeUnit.MILLISECONDS);
            usage = du(daemon);
        }
        return usage;
    }

    private static long gcRuns(DaemonFixture daemon) {
        return GC_RUN.matcher(daemon.log()).results().count();
    }

    /** Waits until the daemon logged more garbage collection runs than {@code before}. */
    private static void awaitGcRunAfter(DaemonFixture daemon, long before) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (gcRuns(daemon) <= before && System.nanoTime() < deadline) {
            daemon.process().waitFor(250, TimeUnit.MILLISECONDS);
        }
        assertThat(gcRuns(daemon)).as(daemon.log()).isGreaterThan(before);
    }

    @Test
    void aMaxUsedSpacePolicyShedsTheLeastRecentlyUsedBuildsAndTheNextBuildStillWorks() throws Exception {
        try (DaemonFixture daemon = daemon("""
                [worker.oci]
                  gc = true
                  [[worker.oci.gcpolicy]]
                    maxUsedSpace = "5MB"
                """)) {
            for (int n = 1; n <= BUILDS; n++) {
                build(daemon, n);
            }
            // The image and five steps of ~1MB are more than 5MiB: the oldest steps go.
            Usage usage = awaitUsage(daemon, u -> u.records() < BUILDS + 1 && u.bytes() <= LIMIT);
            assertThat(usage.records()).as(daemon.log()).isLessThan(BUILDS + 1);
            assertThat(usage.bytes()).isLessThanOrEqualTo(LIMIT).isGreaterThan(LIMIT / 2);
            assertThat(daemon.log()).containsPattern("gc: removed \\d+ cache records?, [0-9.]+[kM]B freed");

            CommandResult newest = build(daemon, BUILDS);
            assertThat(newest.stderr()).contains("CACHED").doesNotContainPattern("#\\d+ \\d+\\.\\d{3} made-");
            CommandResult oldest = build(daemon, 1);
            assertThat(oldest.stderr()).containsPattern("#\\d+ \\d+\\.\\d{3} made-1");
        }
    }

    @Test
    void recentlyUsedRecordsOutliveAKeepDurationAndGcFalseLeavesEverything() throws Exception {
        try (DaemonFixture keeping = daemon("""
                [worker.oci]
                  [[worker.oci.gcpolicy]]
                    keepDuration = "1h"
                    maxUsedSpace = "1MB"
                """);
                DaemonFixture off = daemon("""
                [worker.oci]
                  gc = false
                  [[worker.oci.gcpolicy]]
                    maxUsedSpace = "1MB"
                """)) {
            for (int n = 1; n <= 3; n++) {
                build(keeping, n);
                build(off, n);
            }
            long runsSoFar = gcRuns(keeping);
            CommandResult last = build(keeping, 4);
            build(off, 4);
            awaitGcRunAfter(keeping, runsSoFar);

            // Everything was used within the hour, so the 1MiB limit removes nothing.
            assertThat(du(keeping).records()).as(last.toString()).isEqualTo(5);
            assertThat(keeping.log()).doesNotContain("gc: removed");
            assertThat(du(off).records()).isEqualTo(5);
            assertThat(off.log()).contains("gc is off").doesNotContainPattern(GC_RUN.pattern());
            assertThat(build(off, 1).stderr()).contains("CACHED").doesNotContainPattern("#\\d+ \\d+\\.\\d{3} made-");
        }
    }
}
