package org.jbuildkit.e2e.dockerfile.extras;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.ProjectLayout;

/** Dockerfile projects on disk and {@code buildctl build --frontend dockerfile.v0} on them, plain progress. */
final class ExtrasBuilds {
    private static final int TIMEOUT_SECONDS = 300;

    private ExtrasBuilds() {
    }

    /** Writes {@code files} (relative path → content) under {@code dir}, each with mode 0644, and returns it. */
    static Path project(Path dir, Map<String, String> files) {
        return org.jbuildkit.e2e.fixtures.ProjectFiles.write(dir, files);
    }

    static void chmod(Path p, String perms) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code buildctl build --frontend dockerfile.v0 --local context=DIR --local dockerfile=DIR extra…}. */
    static CommandResult dockerfile(String address, Path project, String... extra) {
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(), "--addr", address,
                "build", "--progress", "plain", "--frontend", "dockerfile.v0", "--local", "context=" + project,
                "--local", "dockerfile=" + project));
        command.addAll(List.of(extra));
        return Commands.run(command, Map.of(), TIMEOUT_SECONDS);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
