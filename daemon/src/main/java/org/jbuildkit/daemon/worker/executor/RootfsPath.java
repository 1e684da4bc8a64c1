package org.jbuildkit.daemon.worker.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a container path inside a rootfs directory the way the container would see it:
 * symlinks (absolute or relative) and ".." never lead outside the rootfs.
 */
final class RootfsPath {
    private static final int MAX_SYMLINKS = 40;

    private RootfsPath() {
    }

    static Path resolve(Path root, String containerPath) throws IOException {
        Deque<String> todo = new ArrayDeque<>(split(containerPath));
        List<String> resolved = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.pop();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.remove(resolved.size() - 1);
                }
                continue;
            }
            Path candidate = join(root, resolved).resolve(c);
            if (Files.isSymbolicLink(candidate)) {
                if (++links > MAX_SYMLINKS) {
                    throw new IOException("too many levels of symbolic links resolving " + containerPath);
                }
                String target = Files.readSymbolicLink(candidate).toString();
                if (target.startsWith("/")) {
                    resolved.clear();
                }
                List<String> parts = split(target);
                for (int i = parts.size() - 1; i >= 0; i--) {
                    todo.push(parts.get(i));
                }
            } else {
                resolved.add(c);
            }
        }
        return join(root, resolved);
    }

    private static List<String> split(String path) {
        return Arrays.asList(path.split("/"));
    }

    private static Path join(Path root, List<String> parts) {
        Path p = root;
        for (String part : parts) {
            p = p.resolve(part);
        }
        return p;
    }
}
