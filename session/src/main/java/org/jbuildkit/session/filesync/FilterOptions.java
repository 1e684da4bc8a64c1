package org.jbuildkit.session.filesync;

import java.util.List;

/**
 * What of a directory a FileSync transfer sends (upstream's {@code fsutil.FilterOpt}): only paths
 * matching an include pattern (with their parents and everything under a matching directory), none
 * matching the exclude patterns ({@code .dockerignore} rules), and the targets of symlinks on the
 * follow paths. Empty lists mean no restriction.
 */
public record FilterOptions(List<String> includePatterns, List<String> excludePatterns, List<String> followPaths) {
    public static final FilterOptions NONE = new FilterOptions(List.of(), List.of(), List.of());

    public FilterOptions {
        includePatterns = List.copyOf(includePatterns);
        excludePatterns = List.copyOf(excludePatterns);
        followPaths = List.copyOf(followPaths);
    }
}
