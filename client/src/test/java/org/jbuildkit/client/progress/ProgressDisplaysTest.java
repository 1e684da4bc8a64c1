package org.jbuildkit.client.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressDisplaysTest {
    private final PrintWriter err = new PrintWriter(new StringWriter());

    @Test
    void autoAndTtyAreTheLiveViewOnATerminalAndPlainElsewhere() {
        Map<String, String> env = Map.of("COLUMNS", "100", "LINES", "30");
        ProgressDisplay onTerminal = ProgressDisplays.create("auto", err, env, true);
        assertThat(onTerminal).isInstanceOf(TtyProgress.class);
        onTerminal.finish();
        assertThat(ProgressDisplays.create("auto", err, env, false)).isInstanceOf(PlainProgress.class);
        assertThat(ProgressDisplays.create("tty", err, env, false)).isInstanceOf(PlainProgress.class);
        assertThat(ProgressDisplays.create("plain", err, env, true)).isInstanceOf(PlainProgress.class);
        assertThat(ProgressDisplays.create("rawjson", err, env, true)).isInstanceOf(RawJsonProgress.class);
        assertThat(ProgressDisplays.create("quiet", err, env, true)).isInstanceOf(QuietProgress.class);
    }

    @Test
    void buildkitProgressDecidesWhenTheFlagIsLeftOnAuto() {
        Map<String, String> env = Map.of("BUILDKIT_PROGRESS", "rawjson");
        assertThat(ProgressDisplays.create("auto", err, env, true)).isInstanceOf(RawJsonProgress.class);
        assertThat(ProgressDisplays.create("plain", err, env, true)).isInstanceOf(PlainProgress.class);
        assertThatThrownBy(() -> ProgressDisplays.create("auto", err, Map.of("BUILDKIT_PROGRESS", "fancy"), true))
                .hasMessage("--progress fancy (from BUILDKIT_PROGRESS) is not one of auto, plain, tty, rawjson, quiet");
        assertThatThrownBy(() -> ProgressDisplays.create("json", err, Map.of(), true))
                .hasMessage("--progress json is not one of auto, plain, tty, rawjson, quiet");
    }

    @Test
    void theTerminalSizeComesFromTheEnvironmentFirst() {
        assertThat(Terminal.detect(Map.of("COLUMNS", "132", "LINES", "40"))).isEqualTo(new Terminal(132, 40));
    }
}
