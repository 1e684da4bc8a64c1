package org.jbuildkit.daemon.solver;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The paths of an input whose content, not history, keys a step (upstream's cache-map selectors): what
 * a COPY reads from its source, what a read-only mount shows. Travels in {@link CacheMap} as its
 * {@link #encode() encoding}.
 */
public record ContentSelector(List<Selection> paths) {

    /** One path; {@code wildcard}: its names may hold glob patterns; {@code followLinks}: a final symlink is followed. */
    public record Selection(String path, boolean wildcard, boolean followLinks) {
        public Selection {
            if (path.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a selected path cannot contain a newline: " + path);
            }
        }
    }

    public ContentSelector {
        paths = List.copyOf(new LinkedHashSet<>(paths));
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("a content selector needs a path");
        }
    }

    /** The whole input. */
    public static ContentSelector root() {
        return new ContentSelector(List.of(new Selection("/", false, false)));
    }

    /** One line per path: two flag characters ({@code w}ildcard, {@code f}ollow links, or {@code -}), then the path. */
    public String encode() {
        StringBuilder out = new StringBuilder();
        for (Selection s : paths) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(s.wildcard() ? 'w' : '-').append(s.followLinks() ? 'f' : '-').append(s.path());
        }
        return out.toString();
    }

    public static ContentSelector decode(String encoded) {
        List<Selection> paths = new ArrayList<>();
        for (String line : encoded.split("\n", -1)) {
            if (line.length() < 2) {
                throw new IllegalArgumentException("not an encoded content selector: " + encoded);
            }
            paths.add(new Selection(line.substring(2), line.charAt(0) == 'w', line.charAt(1) == 'f'));
        }
        return new ContentSelector(paths);
    }
}
