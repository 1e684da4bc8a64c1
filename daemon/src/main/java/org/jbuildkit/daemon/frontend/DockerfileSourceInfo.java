package org.jbuildkit.daemon.frontend;

import com.google.protobuf.ByteString;
import java.util.List;
import org.jbuildkit.api.errdefs.Source;
import org.jbuildkit.api.pb.Position;
import org.jbuildkit.api.pb.Range;
import org.jbuildkit.api.pb.SourceInfo;
import org.jbuildkit.dockerfile.BuildCheck;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.SourceRange;
import org.jbuildkit.daemon.solver.BuildWarning;

/**
 * The Dockerfile as upstream's clients expect it next to an error or a warning: a {@code pb.SourceInfo} with the
 * file's name, bytes and language {@code Dockerfile}, and {@code pb.Range}s of its lines, from which both our
 * buildctl and upstream's print the excerpt with {@code >>>} on the lines meant.
 */
final class DockerfileSourceInfo {
    static final String LANGUAGE = "Dockerfile";

    private DockerfileSourceInfo() {
    }

    static SourceInfo info(String filename, byte[] content) {
        return SourceInfo.newBuilder().setFilename(filename).setData(ByteString.copyFrom(content))
                .setLanguage(LANGUAGE).build();
    }

    static List<Range> ranges(List<SourceRange> ranges) {
        return ranges.stream().map(r -> Range.newBuilder()
                .setStart(Position.newBuilder().setLine(r.startLine()).setCharacter(r.startColumn()))
                .setEnd(Position.newBuilder().setLine(r.endLine()).setCharacter(r.endColumn())).build()).toList();
    }

    /** The converter's error with upstream's typed source detail. */
    static FrontendException error(DockerfileException e) {
        Source source = Source.newBuilder().setInfo(info(e.filename(), e.source())).addAllRanges(ranges(e.ranges()))
                .build();
        return new FrontendException(e.getMessage(), source, e);
    }

    /**
     * A build check as upstream's lint warning: {@code Rule: message (line N)}, the rule's description as detail,
     * its documentation URL and the lines it is about.
     */
    static BuildWarning warning(BuildCheck check, SourceInfo info) {
        String summary = check.rule().isEmpty() ? check.message() : check.rule() + ": " + check.message();
        if (!check.ranges().isEmpty()) {
            summary += " (line " + check.ranges().get(0).startLine() + ")";
        }
        List<String> detail = check.description().isEmpty() ? List.of() : List.of(check.description());
        return new BuildWarning(1, summary, detail, check.url(), info, ranges(check.ranges()));
    }
}
