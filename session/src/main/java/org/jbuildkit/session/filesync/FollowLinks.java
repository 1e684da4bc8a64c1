package org.jbuildkit.session.filesync;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jbuildkit.api.GoPath;
import org.jbuildkit.session.patternmatcher.PathPattern;

/**
 * Resolves {@code followpaths} as upstream's {@code fsutil.FollowLinks}: each path is walked element by
 * element inside the root, and every symlink met on the way adds both itself and the path continued
 * at its target; the last element may be a glob. Targets are taken inside the root (an absolute or
 * {@code ..}-climbing target is read relative to it), so nothing outside the directory is ever named.
 */
final class FollowLinks {
    private final Path root;
    private final Set<String> resolved = new HashSet<>();

    private FollowLinks(Path root) {
        this.root = root;
    }

    /**
     * The paths to include for {@code paths}, sorted and without paths under an earlier one; empty
     * (Optional) when one of them is the root itself, which means no restriction.
     */
    static Optional<List<String>> resolve(Path root, List<String> paths) throws IOException {
        FollowLinks links = new FollowLinks(root);
        for (String p : paths) {
            links.append(p);
        }
        List<String> sorted = new ArrayList<>(links.resolved);
        sorted.sort(TreeWalk.NAME_ORDER);
        return dedupe(sorted);
    }

    /** Upstream's {@code dedupePaths}: drops a path under the one kept before it; "." means everything. */
    static Optional<List<String>> dedupe(List<String> in) {
        List<String> out = new ArrayList<>();
        String last = "";
        for (String s : in) {
            if (s.equals(".")) {
                return Optional.empty();
            }
            if (s.startsWith(last + "/")) {
                continue;
            }
            out.add(s);
            last = s;
        }
        return Optional.of(out);
    }

    private void append(String path) throws IOException {
        String p = join(".", path);
        String current = ".";
        while (true) {
            int slash = p.indexOf('/');
            current = join(current, slash < 0 ? p : p.substring(0, slash));
            List<String> targets = readSymlink(current, true);
            p = slash < 0 ? "" : p.substring(slash + 1);
            if ((p.isEmpty() || targets != null) && resolved.contains(current)) {
                return;
            }
            if (targets != null) {
                resolved.add(current);
                for (String target : targets) {
                    append(join(target, p));
                }
                return;
            }
            if (p.isEmpty()) {
                resolved.add(current);
                return;
            }
        }
    }

    /** Where the symlink(s) at {@code p} point, as root-relative absolute paths; null when there is no symlink. */
    private List<String> readSymlink(String p, boolean allowWildcard) throws IOException {
        String base = p.substring(p.lastIndexOf('/') + 1);
        if (allowWildcard && containsWildcards(base)) {
            String dir = GoPath.dir(p);
            PathPattern glob = PathPattern.glob(base);
            List<String> out = null;
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(root.resolve(dir))) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    if (glob.matches(name)) {
                        List<String> res = readSymlink(join(dir, name), false);
                        if (res != null) {
                            out = out == null ? new ArrayList<>() : out;
                            out.addAll(res);
                        }
                    }
                }
            } catch (NoSuchFileException | NotDirectoryException e) {
                return null;
            }
            return out;
        }
        if (p.equals(".") || p.equals("/")) {
            return null;
        }
        Path file = root.resolve(p);
        if (!Files.isSymbolicLink(file)) {
            return null;
        }
        String link;
        try {
            link = GoPath.clean(Files.readSymbolicLink(file).toString());
        } catch (NoSuchFileException e) {
            return null;
        }
        if (link.startsWith("/")) {
            return List.of(link);
        }
        return List.of(GoPath.clean("/" + GoPath.dir(p) + "/" + link));
    }

    private static boolean containsWildcards(String name) {
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch == '\\') {
                i++;
            } else if (ch == '*' || ch == '?' || ch == '[') {
                return true;
            }
        }
        return false;
    }

    /** Go's {@code filepath.Join} of two elements: joined and cleaned, an empty element ignored. */
    private static String join(String a, String b) {
        if (b.isEmpty()) {
            return GoPath.clean(a);
        }
        return GoPath.clean(a + "/" + b);
    }
}
