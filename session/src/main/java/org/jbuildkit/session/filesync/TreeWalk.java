package org.jbuildkit.session.filesync;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jbuildkit.api.fsutil.Stat;

/**
 * Walks a directory tree the way fsutil's sender does (Go's {@code filepath.WalkDir}): the root
 * itself is not reported, each directory before its children, names within a directory in
 * bytewise (UTF-8) order, paths relative and {@code /}-separated. Symlinks are reported, never followed.
 */
public final class TreeWalk implements Walker {
    /** Bytewise order of UTF-8 names, which is code point order (Java's String order is UTF-16's). */
    public static final Comparator<String> NAME_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    /** Receives each entry: where it is on disk and its stat (already mapped). */
    @FunctionalInterface
    public interface Visitor {
        void visit(Path file, Stat stat) throws IOException;
    }

    private final UnaryOperator<Stat> mapper;

    private TreeWalk(UnaryOperator<Stat> mapper) {
        this.mapper = mapper;
    }

    /** A walk reporting stats as they are on disk. */
    public static TreeWalk plain() {
        return new TreeWalk(UnaryOperator.identity());
    }

    /** A walk whose stats pass through {@code mapper} first (e.g. to clamp mtimes to an epoch). */
    public static TreeWalk mapped(UnaryOperator<Stat> mapper) {
        return new TreeWalk(mapper);
    }

    /** Walks {@code root}; a missing root is an error, an empty one reports nothing. */
    @Override
    public void walk(Path root, Visitor visitor) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("cannot walk " + root + ": it is not a directory");
        }
        children(root, "", new StatReader(), visitor);
    }

    private void children(Path dir, String prefix, StatReader reader, Visitor visitor) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        }
        names.sort(NAME_ORDER);
        for (String name : names) {
            Path file = dir.resolve(name);
            Stat stat;
            try {
                stat = reader.read(file, prefix + name);
            } catch (NoSuchFileException e) {
                // Removed since the listing, as fsutil skips it.
                continue;
            }
            visitor.visit(file, mapper.apply(stat));
            if (GoFileMode.isDir(stat.getMode())) {
                children(file, prefix + name + "/", reader, visitor);
            }
        }
    }
}
