package org.jbuildkit.daemon.worker.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The deletions a snapshot's own layer was given: paths it whites out and directories it makes opaque, as
 * slash-joined names from the root. A snapshot's tree cannot show a deletion of something its own chain never
 * had (a diff's layers sit on scratch), so these are kept beside it in {@code deletions.json} and written into
 * the layer again whenever it is replayed onto another base or exported.
 */
record LayerDeletions(SortedSet<String> whiteouts, SortedSet<String> opaqueDirs) {
    static final String FILE = "deletions.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    LayerDeletions {
        whiteouts = new TreeSet<>(whiteouts);
        opaqueDirs = new TreeSet<>(opaqueDirs);
        whiteouts.forEach(path -> checkInside(path, false));
        opaqueDirs.forEach(path -> checkInside(path, true));
    }

    /** Every name is a plain component, so the layer writer can never be sent above the snapshot root. */
    private static void checkInside(String path, boolean rootAllowed) {
        if (path.isEmpty() && rootAllowed) {
            return;
        }
        for (String name : path.split("/", -1)) {
            if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("deletion of '" + path + "' does not name a path inside the"
                        + " snapshot");
            }
        }
    }

    static LayerDeletions none() {
        return new LayerDeletions(new TreeSet<>(), new TreeSet<>());
    }

    boolean isEmpty() {
        return whiteouts.isEmpty() && opaqueDirs.isEmpty();
    }

    LayerDeletions union(LayerDeletions other) {
        var w = new TreeSet<>(whiteouts);
        w.addAll(other.whiteouts);
        var o = new TreeSet<>(opaqueDirs);
        o.addAll(other.opaqueDirs);
        return new LayerDeletions(w, o);
    }

    /** The deletions kept in snapshot directory {@code dir}, none when it has no such file. */
    static LayerDeletions read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return none();
        }
        try {
            return JSON.readValue(file.toFile(), LayerDeletions.class);
        } catch (IOException e) {
            throw new SnapshotException("cannot read the deletions of snapshot " + dir.getFileName() + " from " + file
                    + ": " + e.getMessage() + "; the snapshot is damaged: prune it (buildctl prune --all)", e);
        }
    }

    void write(Path dir) throws IOException {
        SnapshotStore.writeAtomically(dir.resolve(FILE), JSON.writeValueAsBytes(this));
    }

    /** Gathers deletions while a layer is applied. */
    static final class Collector {
        private final Set<String> whiteouts = new TreeSet<>();
        private final Set<String> opaqueDirs = new TreeSet<>();

        void whiteout(String path) {
            whiteouts.add(path);
        }

        void opaque(String dir) {
            opaqueDirs.add(dir);
        }

        LayerDeletions collected() {
            return new LayerDeletions(new TreeSet<>(whiteouts), new TreeSet<>(opaqueDirs));
        }
    }
}
