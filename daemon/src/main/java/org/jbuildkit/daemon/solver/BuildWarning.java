package org.jbuildkit.daemon.solver;

import java.util.List;
import java.util.Optional;
import org.jbuildkit.api.pb.Range;
import org.jbuildkit.api.pb.SourceInfo;

/**
 * A warning about a vertex, as upstream's {@code VertexWarning}: a one-line summary, detail lines,
 * an optional URL explaining more, and optionally the source lines it is about (a Dockerfile build
 * check). Clients print them at the end of the build.
 */
public record BuildWarning(int level, String summary, List<String> detail, String url, SourceInfo source,
        List<Range> ranges) {
    public BuildWarning {
        detail = List.copyOf(detail);
        url = url == null ? "" : url;
        ranges = List.copyOf(ranges);
    }

    public BuildWarning(int level, String summary, List<String> detail, String url) {
        this(level, summary, detail, url, null, List.of());
    }

    public static BuildWarning of(String summary) {
        return new BuildWarning(1, summary, List.of(), "");
    }

    /** The source the warning points into, when it points into one. */
    public Optional<SourceInfo> sourceInfo() {
        return Optional.ofNullable(source);
    }
}
