package org.jbuildkit.e2e.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failing step that prints more than upstream's log limits: the progress stream is clipped (with
 * upstream's message) but the daemon keeps the whole log, and buildctl prints it after the failure.
 */
class ClippedStepLogTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    @Test
    void aClippedFailingStepsWholeLogIsPrintedAfterTheBox(@TempDir Path tmp) throws Exception {
        String tag = "c" + System.nanoTime();
        // About 2.6 MB in well under a second: past both the 200 KiB/s speed limit and the 2 MiB size limit.
        Definition def = Llb.image(REGISTRY.host() + "/busybox:latest").run(Run.shell("echo begin " + tag
                + "; seq 1 400000; echo end " + tag + "; exit 1").withCustomName("[1/1] RUN seq")).root().marshal();
        Path refFile = tmp.resolve("ref");
        CommandResult result = new ProgressBuilds(DAEMON, tmp).run(def, "plain", "--ref-file", refFile.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        String err = result.stderr();

        int whole = err.indexOf("------ whole log of [1/1] RUN seq (");
        assertThat(whole).as(err.substring(0, Math.min(err.length(), 2000))).isPositive();
        String stream = err.substring(0, whole);
        String after = err.substring(whole);
        assertThat(stream).containsPattern("(?m)^#\\d+ \\d\\.\\d{3} \\[output clipped, log limit 200KiB/s reached\\]$")
                .containsPattern("(?m)^#\\d+ \\d\\.\\d{3} begin " + tag + "$")
                // The end of a failed step's output is sent after all (its last 256 KiB), and shown in the box.
                .containsPattern("(?m)^\\d\\.\\d{3} end " + tag + "\n------\n\\z")
                .doesNotContainPattern("(?m) 250000$");
        assertThat(after).contains("\nbegin " + tag + "\n1\n2\n").contains("\n250000\n250001\n")
                .containsPattern("\n400000\nend " + tag + "\n------\nerror: failed to solve: process \"/bin/sh -c echo"
                        + " begin " + tag + "; seq 1 400000; echo end " + tag + "; exit 1\" did not complete"
                        + " successfully: exit code: 1\n\\z");

        String ref = Files.readString(refFile).trim();
        Path logs = DAEMON.root().resolve("history/logs").resolve(ref);
        Path kept = logs.resolve(ProgressBuilds.head(def).replace(':', '-') + ".log");
        assertThat(after).contains("kept by the daemon in " + kept + "):\n");
        assertThat(Files.readString(kept)).startsWith("begin " + tag + "\n1\n").endsWith("400000\nend " + tag + "\n");
    }
}
