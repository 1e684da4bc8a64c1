package org.jbuildkit.e2e.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Run;
import org.jbuildkit.llb.State;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The live tty view through a real pseudo-terminal (util-linux script), asserted on what the terminal got. */
class TtyProgressTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    private static final String ESC = "\u001b";
    /** Every escape sequence the view may send: cursor hide/show, up N lines, erase line/below, colors. */
    private static final String KNOWN_SEQUENCES = ESC + "\\[(\\?25[lh]|\\d+A|K|J|[0-9;]*m)";

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    private static State busybox() {
        return Llb.image(REGISTRY.host() + "/busybox:latest");
    }

    private static Definition twoSteps(String tag, String lastCommand) {
        State first = busybox().run(Run.shell("for i in 1 2 3 4 5; do echo tick$i " + tag + "; sleep 0.3; done")
                .withCustomName("[1/2] RUN ticks")).root();
        return first.run(Run.shell(lastCommand).withCustomName("[2/2] RUN last")).root().marshal();
    }

    /** The last frame drawn: from the last cursor-hide to the end, escapes removed. */
    private static List<String> lastFrame(String screen) {
        String last = screen.substring(screen.lastIndexOf(ESC + "[?25l"));
        return Arrays.asList(last.replaceAll(KNOWN_SEQUENCES, "").replace("\r", "").split("\n"));
    }

    private static void assertOnlyKnownControls(String screen) {
        String text = screen.replaceAll(KNOWN_SEQUENCES, "");
        assertThat(text).doesNotContain(ESC);
        assertThat(text.chars().filter(c -> c < 0x20 && c != '\n' && c != '\r')).isEmpty();
    }

    @Test
    void theViewIsRedrawnInPlaceAndEndsWithTheFinishedState(@TempDir Path tmp) {
        String tag = "tty" + System.nanoTime();
        CommandResult result = new ProgressBuilds(DAEMON, tmp).runInTerminal(twoSteps(tag, "echo done " + tag),
                "tty", Map.of("COLUMNS", "100"));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        String screen = result.stdout();
        assertThat(screen).as(screen).containsPattern(ESC + "\\[\\d+A").contains(ESC + "[?25l").contains(ESC + "[K");
        assertThat(screen.split("\\[\\+\\] Building", -1).length).as("frames drawn").isGreaterThan(3);
        // While the first step ran, its output was shown under it.
        assertThat(screen).contains(" => => # tick1 " + tag);
        assertOnlyKnownControls(screen);
        List<String> frame = lastFrame(screen);
        assertThat(frame.get(0)).matches("\\[\\+\\] Building \\d+\\.\\ds \\(3/3\\) FINISHED");
        assertThat(frame).anySatisfy(l -> assertThat(l).matches(" => \\[1/2\\] RUN ticks +\\d+\\.\\ds"))
                .anySatisfy(l -> assertThat(l).matches(" => \\[2/2\\] RUN last +\\d+\\.\\ds"))
                .allSatisfy(l -> assertThat(l.length()).isLessThan(100));
    }

    @Test
    void autoPicksTheLiveViewOnATerminalAndAFailureEndsWithTheBoxAndTheError(@TempDir Path tmp) {
        String tag = "auto" + System.nanoTime();
        CommandResult result = new ProgressBuilds(DAEMON, tmp).runInTerminal(
                twoSteps(tag, "echo about to fail " + tag + "; exit 7"), "auto", Map.of());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        String screen = result.stdout();
        assertOnlyKnownControls(screen);
        List<String> frame = lastFrame(screen);
        assertThat(frame.get(0)).matches("\\[\\+\\] Building \\d+\\.\\ds \\(3/3\\) FINISHED");
        assertThat(frame).anySatisfy(l -> assertThat(l).matches(" => ERROR \\[2/2\\] RUN last +\\d+\\.\\ds"));
        assertThat(String.join("\n", frame)).containsPattern("------\n > \\[2/2\\] RUN last:\n\\d\\.\\d{3} about to fail "
                + tag + "\n------\nerror: failed to solve: process \"/bin/sh -c echo about to fail " + tag
                + "; exit 7\" did not complete successfully: exit code: 7");
        assertThat(screen).contains(ESC + "[31m => ERROR [2/2] RUN last");
    }
}
