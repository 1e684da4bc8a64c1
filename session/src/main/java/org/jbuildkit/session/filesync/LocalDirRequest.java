package org.jbuildkit.session.filesync;

import java.util.List;

/**
 * What the daemon asks a client's {@code FileSync} for: the {@code --local} directory by name, and the
 * patterns the client filters it with before anything crosses (fsutil's include/exclude patterns and
 * follow-paths, from the LLB {@code local://} source).
 */
public record LocalDirRequest(String name, List<String> includePatterns, List<String> excludePatterns,
        List<String> followPaths) {
    public LocalDirRequest {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a local directory request needs the directory's name");
        }
        includePatterns = List.copyOf(includePatterns);
        excludePatterns = List.copyOf(excludePatterns);
        followPaths = List.copyOf(followPaths);
    }
}
