package org.jbuildkit.client.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.client.progress.StatusMessages.cached;
import static org.jbuildkit.client.progress.StatusMessages.done;
import static org.jbuildkit.client.progress.StatusMessages.failed;
import static org.jbuildkit.client.progress.StatusMessages.log;
import static org.jbuildkit.client.progress.StatusMessages.started;
import static org.jbuildkit.client.progress.StatusMessages.status;
import static org.jbuildkit.client.progress.StatusMessages.warning;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tty view drawn from recorded sequences: layout, in-place redraws, and the final state. */
class TtyProgressTest {
    private static final String ESC = "\u001b";
    private final StringWriter screen = new StringWriter();
    private final StatusMessages.TestClock clock = new StatusMessages.TestClock();

    private TtyProgress tty(Map<String, String> env, int width, int height) {
        return new TtyProgress(new PrintWriter(screen), new Terminal(width, height), env, clock, false);
    }

    /** The screen's text without escape sequences, one entry per drawn line. */
    private static List<String> lines(String drawn) {
        return Arrays.asList(drawn.replaceAll(ESC + "\\[[0-9;?]*[A-Za-z]", "").replace("\r", "").split("\n"));
    }

    @Test
    void runningStepsShowTimersStatusesAndTheirLastOutputLines() {
        TtyProgress view = tty(Map.of("NO_COLOR", "1"), 60, 30);
        clock.at(0);
        view.update(cached("from", "[1/3] FROM busybox", 0));
        view.update(started("run", "[2/3] RUN make all", 0));
        view.update(status("run", "sha256:abc", 1_050_000, 3_410_000, 0, 0, -1));
        clock.at(2500);
        view.update(log("run", 2400, "compiling a.c\n50%\r100%\n"));
        List<String> drawn = lines(screen.toString());
        List<String> last = drawn.subList(lastFrame(drawn), drawn.size());
        assertThat(last).containsExactly(
                "[+] Building 2.5s (1/2)",
                " => CACHED [1/3] FROM busybox                          0.0s",
                " => [2/3] RUN make all                                 2.5s",
                " => => # compiling a.c",
                " => => # 100%",
                " => => sha256:abc 1.05MB / 3.41MB                      2.5s");
        assertThat(drawn).allSatisfy(l -> assertThat(l.length()).isLessThan(60));
    }

    private static int lastFrame(List<String> drawn) {
        for (int i = drawn.size() - 1; i >= 0; i--) {
            if (drawn.get(i).startsWith("[+] Building")) {
                return i;
            }
        }
        throw new AssertionError("no frame drawn: " + drawn);
    }

    @Test
    void eachRedrawMovesBackUpOverThePreviousFrame() {
        TtyProgress view = tty(Map.of(), 80, 24);
        clock.at(0);
        view.update(started("a", "[1/2] RUN one", 0));
        clock.at(200);
        view.update(started("b", "[2/2] RUN two", 200));
        String drawn = screen.toString();
        // The first frame has 2 lines (header + a); the second starts by going up 2 lines.
        assertThat(drawn).startsWith(ESC + "[?25l\r[+] Building");
        assertThat(drawn).contains(ESC + "[?25h" + ESC + "[?25l" + ESC + "[2A\r[+] Building 0.2s (0/2)");
        assertThat(drawn).contains(ESC + "[K\n");
    }

    @Test
    void theFinalViewSaysFinishedColorsStepsAndIsFollowedByTheFailureBox() {
        TtyProgress view = tty(Map.of(), 70, 24);
        clock.at(0);
        view.update(started("ok", "[1/2] RUN true", 0));
        view.update(done("ok", "[1/2] RUN true", 0, 300));
        view.update(started("bad", "[2/2] RUN exit 3", 300));
        clock.at(500);
        view.update(log("bad", 400, "about to fail\n"));
        view.update(warning("bad", "something to know"));
        view.update(failed("bad", "[2/2] RUN exit 3", 300, 500, "exit code: 3"));
        view.finish();
        String drawn = screen.toString();
        assertThat(drawn).contains(ESC + "[34m => [1/2] RUN true").contains(ESC + "[31m => ERROR [2/2] RUN exit 3")
                .contains(ESC + "[33m => WARN: something to know");
        List<String> text = lines(drawn);
        int header = lastFrame(text);
        assertThat(text.get(header)).isEqualTo("[+] Building 0.5s (2/2) FINISHED");
        assertThat(text.subList(header, text.size())).containsSubsequence(
                " => ERROR [2/2] RUN exit 3                                       0.2s",
                "------", " > [2/2] RUN exit 3:", "0.100 about to fail", "------");
        assertThat(view.failedSteps()).hasSize(1);
    }

    @Test
    void aNarrowTerminalCutsNamesInsteadOfWrapping() {
        TtyProgress view = tty(Map.of("NO_COLOR", "1"), 40, 24);
        clock.at(0);
        view.update(started("long", "[1/1] RUN " + "x".repeat(100), 0));
        view.finish();
        assertThat(lines(screen.toString())).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(39));
    }

    @Test
    void logTailsKeepTheLastLinesAndDropEscapeSequences() {
        LogTail tail = new LogTail(3);
        tail.write("one\ntwo\n" + ESC + "[31mred" + ESC + "[0m\nfour\tx\n50%");
        tail.write("\r75%");
        assertThat(tail.lastLines(80)).containsExactly("red", "four    x", "75%");
        assertThat(tail.lastLines(2)).containsExactly("re", "fo", "75");
    }
}
