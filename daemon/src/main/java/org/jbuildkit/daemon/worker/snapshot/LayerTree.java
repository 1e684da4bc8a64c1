package org.jbuildkit.daemon.worker.snapshot;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tree a layer is unpacked onto, seen as the merged overlay of the active snapshot's upper dir over its
 * lower dirs (or one plain directory for native snapshots). All writes go to the upper dir; every path is
 * resolved component by component without ever following a symlink out of the root, so a hostile entry cannot
 * touch anything outside it.
 */
final class LayerTree {
    private static final int MAX_SYMLINK_HOPS = 40;
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    /** Where an entry of the merged view lives: the layer index (0 = upper) and its file type bits. */
    record Found(Path path, int layer, int type) {
        boolean isDir() {
            return type == PosixFiles.S_IFDIR;
        }
    }

    /** Thrown by resolution when a path leaves the root; the applier adds the layer and entry names. */
    static final class Escape extends Exception {
        Escape(String why) {
            super(why, null, false, false);
        }
    }

    private final List<Path> layers;
    private final boolean overlay;
    private final Set<String> unpacked = new HashSet<>();
    private final Set<String> opaqueInUpper = new HashSet<>();
    private final Map<Path, Boolean> opaqueInLower = new HashMap<>();

    LayerTree(Path upper, List<Path> lowers) {
        this.layers = new ArrayList<>();
        layers.add(upper);
        layers.addAll(lowers);
        this.overlay = !lowers.isEmpty();
    }

    Path upper() {
        return layers.get(0);
    }

    boolean overlay() {
        return overlay;
    }

    /** Splits an entry name into clean components; {@code ..} above the root and absolute names escape. */
    static List<String> clean(String name) throws Escape {
        if (name.startsWith("/")) {
            throw new Escape("absolute path");
        }
        var parts = new ArrayList<String>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new Escape("'..' climbs above the root");
                }
                parts.remove(parts.size() - 1);
            } else {
                if (part.indexOf('\0') >= 0) {
                    throw new Escape("NUL byte in the name");
                }
                parts.add(part);
            }
        }
        return parts;
    }

    static String join(List<String> names) {
        return String.join("/", names);
    }

    /** Records that this layer put something at {@code names}, so an opaque marker keeps it. */
    void unpacked(List<String> names) {
        unpacked.add(join(names));
    }

    /** The merged view's entry at {@code names} (already free of symlinks), if any. */
    Optional<Found> lookup(List<String> names, boolean includeUpperLeaf) throws IOException {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            candidates.add(i);
        }
        Found found = null;
        for (int depth = 0; depth < names.size(); depth++) {
            boolean leaf = depth == names.size() - 1;
            String rel = join(names.subList(0, depth + 1));
            List<Integer> next = new ArrayList<>();
            found = null;
            for (int idx : candidates) {
                if (leaf && idx == 0 && !includeUpperLeaf) {
                    continue;
                }
                Path p = layers.get(idx).resolve(rel);
                if (!Files.exists(p, NOFOLLOW)) {
                    continue;
                }
                int type = PosixFiles.mode(p) & PosixFiles.S_IFMT;
                if (overlay && type == PosixFiles.S_IFCHR && PosixFiles.rdev(p) == 0) {
                    break;
                }
                if (found == null) {
                    found = new Found(p, idx, type);
                } else if (type != PosixFiles.S_IFDIR) {
                    break;
                }
                if (type != PosixFiles.S_IFDIR) {
                    break;
                }
                next.add(idx);
                if (opaque(idx, rel, p)) {
                    break;
                }
            }
            if (found == null || (!leaf && !found.isDir())) {
                return Optional.empty();
            }
            candidates = next;
        }
        return Optional.ofNullable(found);
    }

    private boolean opaque(int idx, String rel, Path dir) throws IOException {
        if (!overlay) {
            return false;
        }
        if (idx == 0) {
            return opaqueInUpper.contains(rel);
        }
        if (idx == layers.size() - 1) {
            return false;
        }
        Boolean cached = opaqueInLower.get(dir);
        if (cached == null) {
            var result = Commands.run(null, List.of("getfattr", "-h", "--only-values", "-n",
                    Xattrs.OVERLAY_OPAQUE, "--", dir.toString()));
            cached = result.exitCode() == 0 && result.stdout().equals("y");
            opaqueInLower.put(dir, cached);
        }
        return cached;
    }

    /**
     * Resolves a directory path through the merged view, following symlinks that stay inside the root.
     * Returns the symlink-free components, or empty when a component is missing and {@code create} is false;
     * with {@code create} the directories are made (copied up from the lower layers) in the upper dir.
     */
    Optional<List<String>> resolveDir(List<String> names, boolean create) throws IOException, Escape {
        Deque<String> todo = new ArrayDeque<>(names);
        List<String> resolved = new ArrayList<>();
        int hops = 0;
        while (!todo.isEmpty()) {
            String name = todo.removeFirst();
            List<String> candidate = new ArrayList<>(resolved);
            candidate.add(name);
            Optional<Found> found = lookup(candidate, true);
            if (found.isEmpty()) {
                if (!create) {
                    return Optional.empty();
                }
                ensureUpperDir(candidate);
                resolved = candidate;
            } else if (found.get().isDir()) {
                if (create) {
                    ensureUpperDir(candidate);
                }
                resolved = candidate;
            } else if (found.get().type() == PosixFiles.S_IFLNK) {
                if (++hops > MAX_SYMLINK_HOPS) {
                    throw new Escape("too many levels of symbolic links at '" + join(candidate) + "'");
                }
                String target = Files.readSymbolicLink(found.get().path()).toString();
                if (target.startsWith("/")) {
                    throw new Escape("parent '" + join(candidate) + "' is a symlink to the absolute path '"
                            + target + "'");
                }
                List<String> combined;
                try {
                    combined = clean(resolved.isEmpty() ? target : join(resolved) + "/" + target);
                } catch (Escape e) {
                    throw new Escape("parent '" + join(candidate) + "' is a symlink to '" + target
                            + "', outside the root");
                }
                for (int i = combined.size() - 1; i >= 0; i--) {
                    todo.addFirst(combined.get(i));
                }
                resolved = new ArrayList<>();
            } else {
                throw new IOException("'" + join(candidate) + "' is not a directory");
            }
        }
        return Optional.of(resolved);
    }

    /** Makes {@code names} a directory in the upper dir, copying each missing level's metadata from below. */
    void ensureUpperDir(List<String> names) throws IOException {
        for (int depth = 1; depth <= names.size(); depth++) {
            List<String> prefix = names.subList(0, depth);
            Path p = upper().resolve(join(prefix));
            if (Files.isDirectory(p, NOFOLLOW)) {
                continue;
            }
            boolean overWhiteout = Files.exists(p, NOFOLLOW);
            if (overWhiteout) {
                Files.delete(p);
            }
            Optional<Found> below = overlay ? lookup(prefix, false) : Optional.empty();
            Files.createDirectory(p);
            unpacked(prefix);
            if (below.isPresent() && below.get().isDir()) {
                Path source = below.get().path();
                PosixFiles.chown(p, PosixFiles.uid(source), PosixFiles.gid(source));
                PosixFiles.chmod(p, PosixFiles.mode(source));
                PosixFiles.setMtime(p, Files.getLastModifiedTime(source, NOFOLLOW));
            } else if (overlay && (overWhiteout || below.isPresent())) {
                markOpaque(prefix);
            }
        }
    }

    /**
     * Clears the place for a new entry at {@code names} (parent already resolved) and returns its path in the
     * upper dir. An existing directory stays when the entry is a directory too; anything else is replaced.
     */
    Path prepareEntry(List<String> names, boolean isDir) throws IOException {
        Path p = upper().resolve(join(names));
        unpacked(names);
        if (names.isEmpty()) {
            return p;
        }
        if (Files.exists(p, NOFOLLOW)) {
            boolean wasWhiteout = overlay && PosixFiles.isOverlayWhiteout(p);
            if (isDir && Files.isDirectory(p, NOFOLLOW)) {
                return p;
            }
            PosixFiles.deleteRecursively(p);
            if (isDir && wasWhiteout) {
                Files.createDirectory(p);
                markOpaque(names);
                return p;
            }
        }
        if (isDir && overlay) {
            Optional<Found> below = lookup(names, false);
            if (below.isPresent() && !below.get().isDir()) {
                Files.createDirectory(p);
                markOpaque(names);
            }
        }
        return p;
    }

    /** {@code .wh.<name>}: hides {@code name} of the lower layers. */
    void whiteout(List<String> parent, String name) throws IOException {
        List<String> names = new ArrayList<>(parent);
        names.add(name);
        Path p = upper().resolve(join(names));
        PosixFiles.deleteRecursively(p);
        if (overlay && lookup(names, false).isPresent()) {
            ensureUpperDir(parent);
            PosixFiles.overlayWhiteout(p);
        }
    }

    /** {@code .wh..wh..opq}: hides everything the lower layers had in {@code dir}; this layer's entries stay. */
    void opaque(List<String> dir) throws IOException {
        if (overlay) {
            ensureUpperDir(dir);
            markOpaque(dir);
        }
        removeNotUnpacked(upper().resolve(join(dir)), dir);
    }

    /** A hardlink target: the entry at {@code names} as a file in the upper dir, copied up when only below. */
    Optional<Path> linkSource(List<String> parent, String name) throws IOException {
        List<String> names = new ArrayList<>(parent);
        names.add(name);
        Optional<Found> found = lookup(names, true);
        if (found.isEmpty() || found.get().isDir()) {
            return Optional.empty();
        }
        Path p = upper().resolve(join(names));
        if (found.get().layer() != 0) {
            ensureUpperDir(parent);
            Path source = found.get().path();
            Files.copy(source, p, NOFOLLOW, StandardCopyOption.COPY_ATTRIBUTES);
            PosixFiles.chown(p, PosixFiles.uid(source), PosixFiles.gid(source));
            if (found.get().type() != PosixFiles.S_IFLNK) {
                PosixFiles.chmod(p, PosixFiles.mode(source));
            }
        }
        return Optional.of(p);
    }

    private void markOpaque(List<String> names) throws IOException {
        Xattrs.markOpaque(upper().resolve(join(names)));
        opaqueInUpper.add(join(names));
    }

    private void removeNotUnpacked(Path dir, List<String> names) throws IOException {
        if (!Files.isDirectory(dir, NOFOLLOW)) {
            return;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                List<String> childNames = new ArrayList<>(names);
                childNames.add(child.getFileName().toString());
                if (unpacked.contains(join(childNames))) {
                    removeNotUnpacked(child, childNames);
                } else {
                    PosixFiles.deleteRecursively(child);
                }
            }
        }
    }
}
