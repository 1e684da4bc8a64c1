package org.jbuildkit.e2e.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.Digest;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Run;
import org.jbuildkit.llb.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache explainer through the real buildctl: a step that ran before under the same name and is
 * not cached now says why in a {@code cache miss: …} status ({@code --progress rawjson}).
 */
class CacheExplainerBuildTest {
    private static final Pattern MISS = Pattern.compile("\"id\":\"(cache miss: (?:[^\"\\\\]|\\\\.)*)\"");

    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();

    @TempDir
    Path tmp;

    private CommandResult build(DaemonFixture daemon, Definition def) throws Exception {
        Path file = Files.write(Files.createTempFile(tmp, "def", ".pb"), def.toByteArray());
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(),
                "--addr", daemon.unixAddress(), "build", "--progress", "rawjson"));
        CommandResult result = Commands.run(command, Map.of(), 180, file);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    /** The cache-miss reasons the build reported, in order. */
    private static List<String> misses(CommandResult build) {
        List<String> found = new ArrayList<>();
        Matcher m = MISS.matcher(build.stderr());
        while (m.find()) {
            found.add(m.group(1).replace("\\u0060", "`").replace("\\\"", "\"").replace("\\u003e", ">"));
        }
        return found;
    }

    /** Two named steps on the image: setup (with an env variable), then build reading it. */
    private static Definition twoSteps(String image, String setup, String token) {
        State base = Llb.image(image);
        State prepared = base.run(Run.shell(setup).withEnv("TOKEN", token).withCustomName("[2/3] RUN setup")).root();
        return prepared.run(Run.shell("cat /out.txt").withCustomName("[3/3] RUN build")).root().marshal();
    }

    @Test
    void aChangedCommandEnvVariableOrInputIsNamedAndAnUnchangedRebuildSaysNothing() throws Exception {
        BusyboxImage.build(tmp.resolve("image")).push(REGISTRY, "busybox", "latest");
        String image = REGISTRY.host() + "/busybox:latest";
        try (DaemonFixture daemon = DaemonFixture.unixSocket().start()) {
            assertThat(misses(build(daemon, twoSteps(image, "echo one > /out.txt", "s3cr3t-1")))).isEmpty();
            assertThat(misses(build(daemon, twoSteps(image, "echo one > /out.txt", "s3cr3t-1")))).isEmpty();

            CommandResult command = build(daemon, twoSteps(image, "echo two > /out.txt", "s3cr3t-1"));
            assertThat(misses(command)).containsExactly("cache miss: the command changed",
                    "cache miss: input `[2/3] RUN setup` changed: the command changed");

            CommandResult env = build(daemon, twoSteps(image, "echo two > /out.txt", "s3cr3t-2"));
            assertThat(misses(env)).containsExactly("cache miss: env variable TOKEN changed",
                    "cache miss: input `[2/3] RUN setup` changed: env variable TOKEN changed");
            assertThat(env.stderr()).doesNotContain("s3cr3t");

            assertThat(misses(build(daemon, twoSteps(image, "echo two > /out.txt", "s3cr3t-2")))).isEmpty();
        }
    }

    @Test
    void aNewDigestOfTheBaseImageIsShownOldToNewAndNamedByTheStepOnIt() throws Exception {
        Digest first = BusyboxImage.build(tmp.resolve("image")).push(REGISTRY, "base", "v1");
        String image = REGISTRY.host() + "/base:v1";
        Path root;
        try (DaemonFixture daemon = DaemonFixture.unixSocket().start()) {
            root = daemon.root();
            build(daemon, twoSteps(image, "echo one > /out.txt", "t"));
            daemon.stop();
            // Another image under the same tag; a new daemon resolves the tag again.
            Digest second = BusyboxImage.pushLayout(REGISTRY, "base", "v1");
            assertThat(second).isNotEqualTo(first);
            try (DaemonFixture restarted = DaemonFixture.onRoot(root).start()) {
                List<String> misses = misses(build(restarted, twoSteps(image, "echo one > /out.txt", "t")));
                String change = "the image digest changed: sha256:" + first.toString().substring(7, 19)
                        + " → sha256:" + second.toString().substring(7, 19);
                assertThat(misses).hasSize(3);
                assertThat(misses.get(0)).isEqualTo("cache miss: " + change);
                assertThat(misses.get(1)).matches("cache miss: input `docker-image://[^`]+/base:v1` changed: \\Q"
                        + change + "\\E");
                assertThat(misses.get(2)).matches("cache miss: input `\\[2/3\\] RUN setup` changed, because"
                        + " `docker-image://[^`]+/base:v1` changed: \\Q" + change + "\\E");
            }
        }
    }
}
