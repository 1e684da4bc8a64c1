package org.jbuildkit.e2e.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.ProjectLayout;

/**
 * Dockerfile projects for the remote cache tests and {@code buildctl build} on them through the real client, with
 * plain progress on stderr read the way a user reads it: which {@code [stage N/M]} steps ended {@code CACHED}.
 */
final class CacheBuilds {
    /** The intermediate file nobody copies: random, so it compresses to about its own size. */
    static final long BIG_FILE_BYTES = 6_000_000;
    private static final int TIMEOUT_SECONDS = 300;
    private static final Pattern STEP = Pattern.compile("(?m)^(#\\d+) (\\[[^\\]]*\\d+/\\d+\\] .*)$");

    private CacheBuilds() {
    }

    /**
     * A two-stage Dockerfile: the builder writes a random stamp (so a step that runs again is seen in the output) and
     * then a big random file; the final stage copies only the stamp and runs one step on it.
     */
    static Path multiStage(Path dir, String registryHost, String salt) {
        return project(dir, Map.of(
                "Dockerfile", "FROM " + registryHost + "/busybox:latest AS builder\n"
                        + "RUN echo " + salt + " > /salt && head -c 32 /dev/urandom | od -An -tx1 > /stamp\n"
                        + "RUN head -c " + BIG_FILE_BYTES + " /dev/urandom > /big\n"
                        + "FROM " + registryHost + "/busybox:latest\n"
                        + "COPY --from=builder /stamp /stamp\n"
                        + "COPY app.txt /app.txt\n"
                        + "RUN cat /stamp /app.txt > /final && head -c 16 /dev/urandom | od -An -tx1 >> /final\n",
                "app.txt", "app " + salt + "\n"));
    }

    /** One stage: a copied file and a step whose output is random, for inline cache (which holds the image only). */
    static Path singleStage(Path dir, String registryHost, String salt) {
        return project(dir, Map.of(
                "Dockerfile", "FROM " + registryHost + "/busybox:latest\n"
                        + "COPY app.txt /app.txt\n"
                        + "RUN cat /app.txt > /final && head -c 16 /dev/urandom | od -An -tx1 >> /final\n",
                "app.txt", "app " + salt + "\n"));
    }

    /** Writes {@code files} (relative path → content) under {@code dir} and returns it. */
    static Path project(Path dir, Map<String, String> files) {
        return org.jbuildkit.e2e.fixtures.ProjectFiles.write(dir, files);
    }

    /** {@code buildctl --addr ADDRESS build --progress plain --frontend dockerfile.v0 --local … extra…}. */
    static CommandResult dockerfile(String address, Path project, String... extra) {
        return dockerfile(address, project, Map.of(), extra);
    }

    /** As above, with extra environment variables for buildctl (e.g. {@code DOCKER_CONFIG}). */
    static CommandResult dockerfile(String address, Path project, Map<String, String> env, String... extra) {
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(), "--addr", address,
                "build", "--progress", "plain", "--frontend", "dockerfile.v0", "--local", "context=" + project,
                "--local", "dockerfile=" + project));
        command.addAll(List.of(extra));
        return Commands.run(command, env, TIMEOUT_SECONDS, Path.of("/dev/null"), project);
    }

    /** Any command line, run in {@code workdir}. */
    static CommandResult run(List<String> command, Path workdir) {
        return Commands.run(command, Map.of(), TIMEOUT_SECONDS, Path.of("/dev/null"), workdir);
    }

    /** Every Dockerfile step the progress shows ({@code [stage N/M] INSTRUCTION …}) → whether it ended CACHED. */
    static Map<String, Boolean> steps(CommandResult result) {
        String log = result.stderr();
        Map<String, Set<String>> idsByName = new LinkedHashMap<>();
        Matcher step = STEP.matcher(log);
        while (step.find()) {
            idsByName.computeIfAbsent(step.group(2).strip(), n -> new LinkedHashSet<>()).add(step.group(1));
        }
        Map<String, Boolean> cached = new LinkedHashMap<>();
        idsByName.forEach((name, ids) -> cached.put(name, ids.stream()
                .anyMatch(id -> Pattern.compile("(?m)^" + Pattern.quote(id) + " CACHED$").matcher(log).find())));
        return cached;
    }

    /** The steps that did not end CACHED; {@code only} keeps the steps whose name contains one of its texts. */
    static List<String> notCached(CommandResult result, String... only) {
        return steps(result).entrySet().stream()
                .filter(e -> only.length == 0 || List.of(only).stream().anyMatch(e.getKey()::contains))
                .filter(e -> !e.getValue())
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The steps shown whose name contains {@code text}. */
    static List<String> stepsNamed(CommandResult result, String text) {
        return steps(result).keySet().stream().filter(n -> n.contains(text)).toList();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
