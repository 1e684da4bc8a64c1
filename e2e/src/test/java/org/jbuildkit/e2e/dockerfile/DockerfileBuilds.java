package org.jbuildkit.e2e.dockerfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.ProjectLayout;

/**
 * Dockerfile projects on disk and {@code buildctl build} run on them through the real client, in a chosen working
 * directory (so relative {@code --local} paths are the user's), with plain progress on stderr.
 */
final class DockerfileBuilds {
    private static final int TIMEOUT_SECONDS = 300;

    private DockerfileBuilds() {
    }

    /** Writes {@code files} (relative path → content) under {@code dir} and returns it. */
    static Path project(Path dir, Map<String, String> files) {
        return org.jbuildkit.e2e.fixtures.ProjectFiles.write(dir, files);
    }

    /** {@code buildctl build --frontend dockerfile.v0 --local context=DIR --local dockerfile=DIR extra…}. */
    static CommandResult dockerfile(String address, Path project, String... extra) {
        List<String> args = new ArrayList<>(List.of("--frontend", "dockerfile.v0", "--local", "context=" + project,
                "--local", "dockerfile=" + project));
        args.addAll(List.of(extra));
        return build(address, project, args);
    }

    /** {@code buildctl --addr ADDRESS build --progress plain args…}, run in {@code workdir}. */
    static CommandResult build(String address, Path workdir, List<String> args) {
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(), "--addr", address,
                "build", "--progress", "plain"));
        command.addAll(args);
        return run(command, workdir);
    }

    /** Any command line, run in {@code workdir}. */
    static CommandResult run(List<String> command, Path workdir) {
        return run(command, workdir, Map.of());
    }

    /** Any command line, run in {@code workdir} with extra environment variables. */
    static CommandResult run(List<String> command, Path workdir, Map<String, String> env) {
        return Commands.run(command, env, TIMEOUT_SECONDS, Path.of("/dev/null"), workdir);
    }

    /** Whether the plain progress shows a vertex whose name contains {@code text} ({@code #N <name>}). */
    static boolean showsVertex(CommandResult result, String text) {
        return Pattern.compile("(?m)^#\\d+ .*" + Pattern.quote(text)).matcher(result.stderr()).find();
    }

    /** Whether a vertex whose name contains {@code text} ended CACHED. */
    static boolean cached(CommandResult result, String text) {
        java.util.regex.Matcher vertex = Pattern.compile("(?m)^(#\\d+) .*" + Pattern.quote(text) + ".*$")
                .matcher(result.stderr());
        while (vertex.find()) {
            if (Pattern.compile("(?m)^" + vertex.group(1) + " CACHED$").matcher(result.stderr()).find()) {
                return true;
            }
        }
        return false;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
