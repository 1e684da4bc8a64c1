package org.jbuildkit.client.progress;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The terminal buildctl's stderr is on, if any: whether there is one (on Linux {@code /proc/self/fd/2}
 * leads to {@code /dev/pts/*} or {@code /dev/tty*}) and its size ({@code COLUMNS}/{@code LINES}, else
 * {@code stty size} on {@code /dev/tty}, else 80×24).
 */
public record Terminal(int width, int height) {
    static final int DEFAULT_WIDTH = 80;
    static final int DEFAULT_HEIGHT = 24;

    public static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    public static Terminal detect(Map<String, String> env) {
        int width = positive(env.get("COLUMNS"));
        int height = positive(env.get("LINES"));
        if (width == 0 || height == 0) {
            int[] stty = sttySize();
            width = width == 0 ? stty[1] : width;
            height = height == 0 ? stty[0] : height;
        }
        return new Terminal(width > 0 ? width : DEFAULT_WIDTH, height > 0 ? height : DEFAULT_HEIGHT);
    }

    /** {@code rows cols} from {@code stty size < /dev/tty}; zeros when there is no terminal to ask. */
    private static int[] sttySize() {
        File tty = new File("/dev/tty");
        if (!tty.exists()) {
            return new int[] {0, 0};
        }
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(tty)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = stty.getInputStream().readAllBytes();
            if (!stty.waitFor(2, TimeUnit.SECONDS) || stty.exitValue() != 0) {
                stty.destroyForcibly();
                return new int[] {0, 0};
            }
            String[] parts = new String(out, StandardCharsets.US_ASCII).trim().split("\\s+");
            return parts.length == 2 ? new int[] {positive(parts[0]), positive(parts[1])} : new int[] {0, 0};
        } catch (IOException e) {
            return new int[] {0, 0};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new int[] {0, 0};
        }
    }

    private static int positive(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
