package org.jbuildkit.client.progress;

import java.io.PrintWriter;
import java.util.Map;

/**
 * Picks the display for {@code --progress}, as upstream: {@code auto} is tty when stderr is a
 * terminal and plain otherwise ({@code BUILDKIT_PROGRESS} decides instead when set); {@code tty} on
 * something that is not a terminal shows plain.
 */
public final class ProgressDisplays {
    public static final String MODES = "auto, plain, tty, rawjson, quiet";

    private ProgressDisplays() {
    }

    public static ProgressDisplay create(String mode, PrintWriter err, Map<String, String> env,
            boolean stderrIsTerminal) {
        String chosen = mode;
        String fromEnv = env.get("BUILDKIT_PROGRESS");
        if ("auto".equals(mode) && fromEnv != null && !fromEnv.isEmpty()) {
            chosen = fromEnv;
        }
        return switch (chosen) {
            case "auto", "tty" -> stderrIsTerminal ? TtyProgress.on(err, Terminal.detect(env), env)
                    : new PlainProgress(err);
            case "plain" -> new PlainProgress(err);
            case "rawjson" -> new RawJsonProgress(err);
            case "quiet" -> new QuietProgress();
            default -> throw new IllegalArgumentException("--progress " + chosen
                    + (chosen.equals(mode) ? "" : " (from BUILDKIT_PROGRESS)") + " is not one of " + MODES);
        };
    }

    /** The display for this process's stderr and environment. */
    public static ProgressDisplay forThisProcess(String mode, PrintWriter err) {
        return create(mode, err, System.getenv(), Terminal.stderrIsTerminal());
    }
}
