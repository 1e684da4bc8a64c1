package org.jbuildkit.daemon.worker.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs the few host tools the snapshotters need (mount, umount, mknod, setfattr, getfattr, cp). */
final class Commands {

    /** What a finished command printed. */
    record Result(int exitCode, String stdout, String stderr) {}

    private Commands() {
    }

    static Result run(Path directory, List<String> command) throws IOException {
        var builder = new ProcessBuilder(command);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot run '" + command.get(0) + "': " + e.getMessage() + "; install it ("
                    + packageOf(command.get(0)) + ") or put it on PATH", e);
        }
        process.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
        String out = drain(process.getInputStream());
        try {
            int code = process.waitFor();
            return new Result(code, out, err.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Runs the command and fails with its stderr unless it exits 0. */
    static String check(Path directory, List<String> command) throws IOException {
        Result result = run(directory, command);
        if (result.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + result.exitCode() + "): "
                    + result.stderr().strip());
        }
        return result.stdout();
    }

    static String check(List<String> command) throws IOException {
        return check(null, command);
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String packageOf(String tool) {
        return switch (tool) {
            case "setfattr", "getfattr" -> "Debian package attr";
            case "mount", "umount" -> "Debian package mount";
            default -> "Debian package coreutils";
        };
    }
}
