package org.jbuildkit.daemon.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves LLB paths inside a snapshot root as upstream's {@code fs.RootPath}: {@code ..} stops at the
 * root and symlinks, absolute or relative, are followed as if the root were {@code /}, so no path a
 * file op names can reach outside the tree.
 */
final class FileRootPaths {
    private static final int MAX_LINKS = 255;

    private FileRootPaths() {
    }

    /** {@code path} in {@code root}, following every symlink on the way, the last one too when asked. */
    static Path resolve(Path root, String path, boolean followLast) throws IOException {
        Deque<String> pending = new ArrayDeque<>(components(path));
        List<String> resolved = new ArrayList<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String name = pending.removeFirst();
            if (name.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.remove(resolved.size() - 1);
                }
                continue;
            }
            Path candidate = join(root, resolved).resolve(name);
            boolean last = pending.isEmpty();
            if (Files.isSymbolicLink(candidate) && (!last || followLast)) {
                if (++links > MAX_LINKS) {
                    throw new FileOpException("too many levels of symbolic links in " + path,
                            "remove the symlink loop from the source tree");
                }
                String target = Files.readSymbolicLink(candidate).toString();
                if (target.startsWith("/")) {
                    resolved.clear();
                }
                List<String> parts = components(target);
                for (int i = parts.size() - 1; i >= 0; i--) {
                    pending.addFirst(parts.get(i));
                }
                continue;
            }
            resolved.add(name);
        }
        return join(root, resolved);
    }

    /** The parent directory of {@code path} resolved in the root, and its last name kept as written. */
    static Path resolveParent(Path root, String path) throws IOException {
        List<String> parts = clean(components(path));
        if (parts.isEmpty()) {
            return root;
        }
        Path dir = resolve(root, String.join("/", parts.subList(0, parts.size() - 1)), true);
        return dir.resolve(parts.get(parts.size() - 1));
    }

    /** The path within the root that {@code p} names, as {@code /a/b}. */
    static String relative(Path root, Path p) {
        return "/" + root.relativize(p).toString();
    }

    static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }

    /** Non-empty names of a slash-separated path, {@code .} dropped. */
    static List<String> components(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return parts;
    }

    /** Lexically applies {@code ..}, clamped at the root. */
    static List<String> clean(List<String> parts) {
        List<String> out = new ArrayList<>();
        for (String part : parts) {
            if (part.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
            } else {
                out.add(part);
            }
        }
        return out;
    }

    private static Path join(Path root, List<String> parts) {
        Path p = root;
        for (String part : parts) {
            p = p.resolve(part);
        }
        return p;
    }
}
