package org.jbuildkit.client.session;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jbuildkit.api.control.SolveRequest;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.session.Session;
import org.jbuildkit.session.filesync.FileSyncProvider;

/**
 * {@code buildctl build --local NAME=DIR}: the directories this client serves the daemon over the
 * session, by name, as upstream's {@code ParseLocal}. Paths are resolved against the working directory
 * and through symlinks; every flag is checked before the build starts. With an LLB definition only
 * the directories its {@code local://} sources read are served, and each of those must be given.
 */
public final class LocalDirsOption implements AutoCloseable {
    private static final String SCHEME = "local://";

    private final Map<String, Path> dirs;
    private ExecutorService transfers;

    private LocalDirsOption(Map<String, Path> dirs) {
        this.dirs = Map.copyOf(dirs);
    }

    /** Parses the flags, paths relative to the working directory. */
    public static LocalDirsOption parse(List<String> flags) {
        return parse(flags, Path.of("").toAbsolutePath());
    }

    static LocalDirsOption parse(List<String> flags, Path cwd) {
        Map<String, Path> dirs = new LinkedHashMap<>();
        Map<String, String> given = new LinkedHashMap<>();
        for (String flag : flags) {
            int eq = flag.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("--local " + flag + " has no '=': give it as NAME=DIR, e.g. --local "
                        + (flag.isEmpty() ? "context=." : "context=" + flag));
            }
            String name = flag.substring(0, eq);
            String path = flag.substring(eq + 1);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("--local " + flag + " has an empty name: give it as NAME=DIR, e.g."
                        + " --local context" + flag);
            }
            if (path.isEmpty()) {
                throw new IllegalArgumentException("--local " + flag + " has no directory: give it as NAME=DIR, e.g."
                        + " --local " + name + "=.");
            }
            String earlier = given.putIfAbsent(name, flag);
            if (earlier != null) {
                throw new IllegalArgumentException("--local " + name + " is given twice (--local " + earlier
                        + " and --local " + flag + "): each name is one directory; drop one of them");
            }
            dirs.put(name, directory(flag, cwd.resolve(path)));
        }
        return new LocalDirsOption(dirs);
    }

    private static Path directory(String flag, Path path) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("--local " + flag + ": " + path + " does not exist; give an existing"
                    + " directory");
        }
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException("--local " + flag + ": " + path + " is not a directory; --local takes"
                    + " a directory (for one file, give the directory that holds it)");
        }
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("--local " + flag + ": cannot resolve " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * The session's shared key: a digest of the served names and their directories, so the daemon's kept copy
     * of {@code context} is reused for the same directory only (as buildx keys it), never for a same-named one
     * elsewhere whose files happen to have the same sizes and times. Empty when nothing is served.
     */
    public String sharedKey() {
        if (dirs.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        new java.util.TreeMap<>(dirs).forEach((name, dir) -> text.append(name).append('=').append(dir).append('\n'));
        try {
            byte[] sum = java.security.MessageDigest.getInstance("SHA-256").digest(text.toString()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(sum).substring(0, 32);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    /** The served names and their resolved directories. */
    public Map<String, Path> dirs() {
        return dirs;
    }

    /**
     * What this build serves: with a frontend, every directory given; with an LLB definition, the ones
     * its {@code local://} sources name, each of which must have been given.
     */
    public LocalDirsOption usedBy(SolveRequest request) {
        if (!request.hasDefinition()) {
            return new LocalDirsOption(dirs);
        }
        Map<String, Path> used = new LinkedHashMap<>();
        for (ByteString bytes : request.getDefinition().getDefList()) {
            Op op;
            try {
                op = Op.parseFrom(bytes);
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalArgumentException("the LLB definition on stdin holds an op that is not a pb.Op: "
                        + e.getMessage());
            }
            if (op.hasSource() && op.getSource().getIdentifier().startsWith(SCHEME)) {
                String name = op.getSource().getIdentifier().substring(SCHEME.length());
                Path dir = dirs.get(name);
                if (dir == null) {
                    throw new IllegalArgumentException("the LLB definition reads local directory \"" + name
                            + "\", but no --local gives it; add --local " + name + "=DIR");
                }
                used.put(name, dir);
            }
        }
        return new LocalDirsOption(used);
    }

    /** Serves the directories over {@code session}, warnings (skipped devices, fifos, sockets) to {@code err}. */
    public void attachTo(Session session, PrintWriter err) {
        if (dirs.isEmpty()) {
            return;
        }
        if (transfers == null) {
            transfers = Executors.newCachedThreadPool(task -> {
                Thread t = new Thread(task, "buildctl-local");
                t.setDaemon(true);
                return t;
            });
        }
        session.allow(new FileSyncProvider(dirs, transfers, message -> {
            err.println(message);
            err.flush();
        }).service());
    }

    @Override
    public void close() {
        if (transfers != null) {
            transfers.shutdownNow();
        }
    }
}
