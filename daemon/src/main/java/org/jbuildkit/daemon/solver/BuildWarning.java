package org.jbuildkit.daemon.solver;

import java.util.List;

/**
 * A warning about a vertex, as upstream's {@code VertexWarning}: a one-line summary, detail lines
 * and an optional URL explaining more. Clients print them at the end of the build.
 */
public record BuildWarning(int level, String summary, List<String> detail, String url) {
    public BuildWarning {
        detail = List.copyOf(detail);
        url = url == null ? "" : url;
    }

    public static BuildWarning of(String summary) {
        return new BuildWarning(1, summary, List.of(), "");
    }
}
