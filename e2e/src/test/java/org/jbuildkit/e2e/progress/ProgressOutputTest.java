package org.jbuildkit.e2e.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.llb.CopyOptions;
import org.jbuildkit.llb.FileActions;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Run;
import org.jbuildkit.llb.State;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** --progress plain, rawjson and quiet through the real buildctl and buildkitd, and typed errors decoded. */
class ProgressOutputTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    private static final Pattern PLAIN_LINE = Pattern.compile(
            "|#\\d+ .*|------| > .*:|\\d+\\.\\d+ .*|Dockerfile:\\d+|-{20}| +\\d+ \\| (>>>|   ) .*|error: failed to solve: .*");

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    private static State busybox() {
        return Llb.image(REGISTRY.host() + "/busybox:latest");
    }

    private static State step(State base, String name, String command) {
        return base.run(Run.shell(command).withCustomName(name)).root();
    }

    /** A failing step placed by a source map at line 3 of a Dockerfile, as the Dockerfile frontend does. */
    private static Definition failingWithSource(String tag) {
        State before = step(busybox(), "[2/3] RUN echo before", "echo before " + tag);
        Definition def = step(before, "[3/3] RUN echo start && ls /nonexistent && exit 3",
                "echo start " + tag + " && ls /nonexistent && exit 3").marshal();
        String dockerfile = "FROM " + REGISTRY.host() + "/busybox:latest\nRUN echo before\n"
                + "RUN echo start && ls /nonexistent && exit 3\n";
        return ProgressBuilds.withSource(def, ProgressBuilds.head(def), dockerfile, 3);
    }

    @Test
    void plainShowsEveryStepAsUpstreamAndAFailureWithItsBoxSourceAndError(@TempDir Path tmp) {
        String tag = "t" + System.nanoTime();
        CommandResult result = new ProgressBuilds(DAEMON, tmp).run(failingWithSource(tag), "plain");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        String err = result.stderr();
        String exit = "process \"/bin/sh -c echo start " + tag + " && ls /nonexistent && exit 3\" did not complete"
                + " successfully: exit code: 1";
        assertThat(err).containsPattern("(?m)^#(\\d+) \\[2/3\\] RUN echo before\n#\\1 \\d\\.\\d{3} before " + tag
                + "\n#\\1 DONE \\d+\\.\\ds$");
        assertThat(err).containsPattern("(?m)^#\\d+ \\d\\.\\d{3} start " + tag + "$")
                .containsPattern("(?m)^#\\d+ \\d\\.\\d{3} ls: /nonexistent: No such file or directory$")
                .containsPattern("(?m)^#\\d+ ERROR: " + Pattern.quote(exit) + "$");
        String box = err.substring(err.indexOf("------\n"));
        assertThat(box).startsWith("------\n > [3/3] RUN echo start && ls /nonexistent && exit 3:\n")
                .containsPattern("(?m)^\\d\\.\\d{3} start " + tag + "$")
                .contains("------\nDockerfile:3\n--------------------\n"
                        + "   1 |     FROM " + REGISTRY.host() + "/busybox:latest\n"
                        + "   2 |     RUN echo before\n"
                        + "   3 | >>> RUN echo start && ls /nonexistent && exit 3\n"
                        + "   4 |     \n"
                        + "--------------------\n"
                        + "error: failed to solve: " + exit + "\n")
                .endsWith("error: failed to solve: " + exit + "\n");
        assertThat(err.split("\n", -1)).allSatisfy(line -> assertThat(line).matches(PLAIN_LINE));
    }

    @Test
    void parallelStepsAreNumberedOnceAndEachEndsWithItsOwnDone(@TempDir Path tmp) {
        String tag = "p" + System.nanoTime();
        State a = step(busybox(), "[a 2/2] RUN build a",
                "sleep 1; for i in 1 2 3; do echo a$i " + tag + "; done; echo a > /a.txt");
        State b = step(busybox(), "[b 2/2] RUN build b",
                "sleep 1; for i in 1 2 3; do echo b$i " + tag + "; done; echo b > /b.txt");
        Definition def = busybox().file(FileActions.copy(a, "/a.txt", "/a.txt", CopyOptions.defaults())
                .copy(b, "/b.txt", "/b.txt", CopyOptions.defaults())).marshal();
        CommandResult result = new ProgressBuilds(DAEMON, tmp).run(def, "plain");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        String err = result.stderr();
        List<Integer> numbers = new ArrayList<>();
        Matcher header = Pattern.compile("(?m)^#(\\d+) \\[(a|b) 2/2\\] RUN build \\2$").matcher(err);
        while (header.find()) {
            numbers.add(Integer.parseInt(header.group(1)));
        }
        assertThat(numbers).as(err).hasSizeGreaterThanOrEqualTo(2);
        for (String s : new String[] {"a", "b"}) {
            Matcher m = Pattern.compile("(?m)^#(\\d+) \\[" + s + " 2/2\\]").matcher(err);
            assertThat(m.find()).isTrue();
            String n = m.group(1);
            assertThat(err).containsPattern("(?m)^#" + n + " \\d\\.\\d{3} " + s + "3 " + tag + "$")
                    .containsPattern("(?m)^#" + n + " DONE \\d+\\.\\ds$");
        }
        // Every header after the first follows a blank line, and nothing but upstream's line shapes appears.
        assertThat(err).doesNotContainPattern("[^\n]\n#\\d+ \\[").startsWith("#1 ");
        assertThat(err.split("\n", -1)).allSatisfy(line -> assertThat(line).matches(PLAIN_LINE));
    }

    @Test
    void rawjsonPrintsOneUpstreamShapedObjectPerLine(@TempDir Path tmp) throws Exception {
        String tag = "j" + System.nanoTime();
        CommandResult result = new ProgressBuilds(DAEMON, tmp)
                .run(step(busybox(), "[1/1] RUN echo", "echo json " + tag).marshal(), "rawjson");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        ObjectMapper json = new ObjectMapper();
        StringBuilder logs = new StringBuilder();
        boolean sawStarted = false;
        for (String line : result.stderr().split("\n")) {
            JsonNode status = json.readTree(line);
            assertThat(status.fieldNames()).toIterable().isSubsetOf("vertexes", "statuses", "logs", "warnings");
            for (JsonNode v : status.path("vertexes")) {
                assertThat(v.path("digest").asText()).startsWith("sha256:");
                sawStarted |= v.has("started");
            }
            for (JsonNode l : status.path("logs")) {
                logs.append(new String(Base64.getDecoder().decode(l.path("data").asText()), StandardCharsets.UTF_8));
                assertThat(l.path("timestamp").asText()).endsWith("Z");
            }
        }
        assertThat(sawStarted).isTrue();
        assertThat(logs.toString()).contains("json " + tag + "\n");
    }

    @Test
    void quietPrintsNothingButTheErrorAndItsSource(@TempDir Path tmp) {
        ProgressBuilds builds = new ProgressBuilds(DAEMON, tmp);
        CommandResult ok = builds.run(step(busybox(), "[1/1] RUN true", "true " + System.nanoTime()).marshal(), "quiet");
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(ok.stderr()).isEmpty();

        CommandResult failed = builds.run(failingWithSource("q" + System.nanoTime()), "quiet");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.stderr()).startsWith("Dockerfile:3\n").doesNotContain("#1 ").doesNotContain(" > [3/3]")
                .containsPattern("(?m)^error: failed to solve: process .* exit code: 1$");
    }

    @Test
    void ttyWithoutATerminalFallsBackToPlain(@TempDir Path tmp) {
        CommandResult result = new ProgressBuilds(DAEMON, tmp)
                .run(step(busybox(), "[1/1] RUN echo", "echo no-tty " + System.nanoTime()).marshal(), "tty");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).startsWith("#1 ").doesNotContain("\u001b").containsPattern("(?m)^#\\d+ DONE ");
    }
}
