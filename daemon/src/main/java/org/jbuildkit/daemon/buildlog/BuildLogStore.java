package org.jbuildkit.daemon.buildlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole logs of recent builds under the daemon root ({@code <root>/history/logs/<ref>/<vertex>.log}),
 * where the progress stream only carries a clipped copy. Bounded twice: only the last
 * {@link #KEEP_BUILDS} builds are kept (older ones are removed when a build starts), and each vertex's
 * file holds at most its first {@link #HEAD_BYTES} and last {@link #TAIL_BYTES} bytes.
 */
public final class BuildLogStore {
    public static final int KEEP_BUILDS = 50;
    public static final long HEAD_BYTES = 63L << 20;
    public static final int TAIL_BYTES = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(BuildLogStore.class);
    private static final Pattern SAFE_REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("([a-z0-9]+):([a-f0-9]{32,128})");

    private final Path dir;
    private final int keepBuilds;
    private final long headBytes;
    private final int tailBytes;
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    BuildLogStore(Path dir, int keepBuilds, long headBytes, int tailBytes) {
        this.dir = dir;
        this.keepBuilds = keepBuilds;
        this.headBytes = headBytes;
        this.tailBytes = tailBytes;
    }

    /** The store of a daemon root, with the standard bounds. */
    public static BuildLogStore under(Path root) {
        return new BuildLogStore(root.resolve("history").resolve("logs"), KEEP_BUILDS, HEAD_BYTES, TAIL_BYTES);
    }

    /**
     * Starts keeping the logs of a build: a build that ran before under the same ref is replaced, and
     * the oldest finished builds beyond the limit are removed.
     */
    public synchronized BuildLog start(String ref) {
        String name = directoryName(ref);
        Path buildDir = dir.resolve(name);
        if (!running.add(name)) {
            // The same ref is building (the request will be refused): its logs stay untouched.
            return BuildLog.discarding();
        }
        try {
            Files.createDirectories(dir);
            deleteTree(buildDir);
            prune();
            Files.createDirectory(buildDir);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot keep the logs of build {} in {}: {}", ref, buildDir, e.toString());
            running.remove(name);
            return BuildLog.discarding();
        }
        return new BuildLog(this, name, buildDir, headBytes, tailBytes);
    }

    /** The kept log of a vertex of a build, if there is one. */
    public Optional<Path> find(String ref, String vertexDigest) {
        if (!DIGEST.matcher(vertexDigest).matches()) {
            throw new IllegalArgumentException("'" + vertexDigest + "' is not a vertex digest (sha256:<hex>)");
        }
        Path file = dir.resolve(directoryName(ref)).resolve(fileName(vertexDigest));
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    void finished(String name) {
        running.remove(name);
    }

    /** {@code sha256:abc…} → {@code sha256-abc….log}; anything else is hashed, so it can never name a path. */
    static String fileName(String vertexDigest) {
        var m = DIGEST.matcher(vertexDigest);
        return (m.matches() ? m.group(1) + "-" + m.group(2) : "vertex-" + sha256(vertexDigest)) + ".log";
    }

    /** Refs are client-chosen: readable when they are upstream-like IDs, hashed otherwise. */
    static String directoryName(String ref) {
        return SAFE_REF.matcher(ref).matches() && !ref.contains("..") ? ref : "ref-" + sha256(ref).substring(0, 40);
    }

    private void prune() throws IOException {
        List<Path> finished = new ArrayList<>();
        try (Stream<Path> builds = Files.list(dir)) {
            builds.filter(Files::isDirectory)
                    .filter(p -> !running.contains(p.getFileName().toString()))
                    .forEach(finished::add);
        }
        int excess = finished.size() + running.size() - keepBuilds;
        if (excess <= 0) {
            return;
        }
        finished.sort(Comparator.comparing(BuildLogStore::modified));
        for (Path old : finished.subList(0, Math.min(excess, finished.size()))) {
            deleteTree(old);
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
