package org.jbuildkit.dockerfile.parser;

import java.util.List;
import java.util.Optional;
import org.jbuildkit.dockerfile.SourceRange;

/**
 * One instruction as written (upstream's {@code parser.Node}), before any variable is expanded.
 * {@code instruction} is the lower-case name (upstream's {@code command.*}: {@code "run"}, {@code "copy"}…),
 * {@code keyword} the name as written ({@code "Run"}).
 *
 * <p>{@code args} depends on the instruction, as upstream's per-instruction dispatch splits it:
 * <ul>
 * <li>ENV, LABEL: key, value, key, value… (values still quoted as written); {@code legacyKeyValue} when the
 * {@code ENV key value} form was used (one pair, the value the rest of the line);</li>
 * <li>RUN, CMD, ENTRYPOINT, SHELL: the JSON array's elements when {@code json}, else one arg, the rest of the
 * line;</li>
 * <li>COPY, ADD, VOLUME: the JSON array's elements when {@code json}, else whitespace-separated words;</li>
 * <li>FROM, EXPOSE: whitespace-separated words; ARG: one {@code name} or {@code name=value} per word (quotes
 * kept);</li>
 * <li>WORKDIR, USER, MAINTAINER, STOPSIGNAL: one arg, the rest of the line;</li>
 * <li>HEALTHCHECK: {@code NONE}, or {@code CMD} followed by the command as for RUN ({@code json} says which
 * form);</li>
 * <li>ONBUILD: no args; {@code child} is the trigger instruction.</li>
 * </ul>
 * {@code flags} are the leading {@code --name[=value]} words with quotes removed, as upstream's
 * {@code extractBuilderFlags}. Heredoc bodies ({@code RUN <<EOF}) are in {@code heredocs}; the {@code <<EOF} words
 * stay in {@code args} (for {@code ONBUILD RUN <<EOF} both the ONBUILD node and its trigger hold them).
 * {@code original} is the instruction's text with continuations joined and comment lines dropped (for an ONBUILD
 * trigger, the text after {@code ONBUILD}); {@code range} covers its first to last line, continuation lines and
 * heredoc bodies included (a trigger has its ONBUILD's range); {@code comments} are the comment lines right before
 * it (text after {@code #}, trimmed; an empty {@code #} line clears them; blank lines do not).
 */
public record Node(String instruction, String keyword, List<String> flags, List<String> args, boolean json,
        boolean legacyKeyValue, List<Heredoc> heredocs, Node child, String original, SourceRange range,
        List<String> comments) {

    public Node {
        flags = List.copyOf(flags);
        args = List.copyOf(args);
        heredocs = List.copyOf(heredocs);
        comments = List.copyOf(comments);
    }

    public Optional<Node> onbuildTrigger() {
        return Optional.ofNullable(child);
    }

    public int startLine() {
        return range.startLine();
    }

    public int endLine() {
        return range.endLine();
    }
}
