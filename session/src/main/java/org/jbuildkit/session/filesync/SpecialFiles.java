package org.jbuildkit.session.filesync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jbuildkit.api.fsutil.Stat;

/** Devices and named pipes, which the JDK can neither create nor touch without opening them: mknod(1) and touch(1). */
final class SpecialFiles {
    private SpecialFiles() {
    }

    static void make(java.nio.file.Path path, Stat stat) throws IOException {
        int mode = stat.getMode();
        List<String> command;
        if ((mode & GoFileMode.DEVICE) != 0) {
            String kind = (mode & GoFileMode.CHAR_DEVICE) != 0 ? "c" : "b";
            command = List.of("mknod", "-m", "600", "--", path.toString(), kind,
                    Long.toString(stat.getDevmajor()), Long.toString(stat.getDevminor()));
        } else {
            command = List.of("mkfifo", "-m", "600", "--", path.toString());
        }
        run(command, stat.getPath(), "creating a device needs root; run the client as root or leave devices out"
                + " of the result");
    }

    /** Sets the mtime (and atime) of the entry itself, symlinks included, to the nanosecond. */
    static void touch(java.nio.file.Path path, long unixNanos) throws IOException {
        String stamp = "@" + Math.floorDiv(unixNanos, 1_000_000_000L) + "."
                + String.format("%09d", Math.floorMod(unixNanos, 1_000_000_000L));
        run(List.of("touch", "-h", "-d", stamp, "--", path.toString()), path.toString(),
                "check that touch(1) is installed");
    }

    private static void run(List<String> command, String entry, String fix) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new FileSyncException("cannot write \"" + entry + "\": " + command.get(0) + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new java.io.InterruptedIOException("interrupted while writing " + entry);
        }
        if (process.exitValue() != 0) {
            throw new FileSyncException("cannot write \"" + entry + "\": " + command.get(0) + " failed: " + output
                    + "; " + fix);
        }
    }
}
