package org.jbuildkit.llb;

import java.util.List;
import java.util.Objects;

/**
 * A source file ops were made from (upstream's {@code llb.SourceMap}): its name, its content and its language, e.g.
 * a Dockerfile. Ops point at ranges of it through {@link OpConstraints#withSourceLocation}; the marshaled
 * definition's {@code source} then lets a client print the lines a failing op came from. Identity matters: ops
 * pointing at the same {@code SourceMap} object share one {@code SourceInfo}.
 */
public final class SourceMap {

    /** A range of the file: 1-based lines, 0-based characters as {@code pb.Range}. */
    public record Range(int startLine, int startCharacter, int endLine, int endCharacter) {
    }

    /** Ranges of one source map, as one op carries them. */
    public record Location(SourceMap sourceMap, List<Range> ranges) {
        public Location {
            Objects.requireNonNull(sourceMap, "sourceMap");
            ranges = List.copyOf(ranges);
        }
    }

    private final String filename;
    private final byte[] data;
    private final String language;

    public SourceMap(String filename, byte[] data, String language) {
        this.filename = Objects.requireNonNull(filename, "filename");
        this.data = data.clone();
        this.language = language == null ? "" : language;
    }

    public String filename() {
        return filename;
    }

    public byte[] data() {
        return data.clone();
    }

    public String language() {
        return language;
    }

    public Location location(List<Range> ranges) {
        return new Location(this, ranges);
    }
}
