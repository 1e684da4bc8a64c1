package org.jbuildkit.dockerfile.parser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.jbuildkit.dockerfile.BuildCheck;
import org.jbuildkit.dockerfile.SourceRange;

/** A parse result as stable text, one line per fact, for the corpus's expected files. */
final class ParseDump {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ParseDump() {
    }

    static String dump(ParsedDockerfile parsed) {
        StringBuilder out = new StringBuilder();
        Directives d = parsed.directives();
        out.append("directives escape=").append(q(String.valueOf(d.escape()))).append(" syntax=").append(q(d.syntax()))
                .append(" check=").append(q(d.check())).append('\n');
        for (BuildCheck w : parsed.warnings()) {
            out.append("warning ").append(w.rule()).append(' ').append(ranges(w.ranges())).append(' ')
                    .append(q(w.message())).append('\n');
        }
        for (Node n : parsed.nodes()) {
            node(out, n, "");
        }
        return out.toString();
    }

    private static void node(StringBuilder out, Node n, String indent) {
        out.append(indent).append(ranges(List.of(n.range()))).append(' ').append(n.instruction())
                .append(" keyword=").append(q(n.keyword()));
        if (!n.flags().isEmpty()) {
            out.append(" flags=").append(q(n.flags()));
        }
        out.append(" args=").append(q(n.args()));
        if (n.json()) {
            out.append(" json");
        }
        if (n.legacyKeyValue()) {
            out.append(" legacy");
        }
        out.append('\n');
        out.append(indent).append("  original=").append(q(n.original())).append('\n');
        if (!n.comments().isEmpty()) {
            out.append(indent).append("  comments=").append(q(n.comments())).append('\n');
        }
        for (Heredoc h : n.heredocs()) {
            out.append(indent).append("  heredoc ").append(q(h.name())).append(h.expand() ? " expand" : "")
                    .append(h.chomp() ? " chomp" : "").append(' ').append(q(h.content())).append('\n');
        }
        if (n.child() != null) {
            out.append(indent).append("  trigger:\n");
            node(out, n.child(), indent + "    ");
        }
    }

    private static String ranges(List<SourceRange> ranges) {
        StringBuilder sb = new StringBuilder();
        for (SourceRange r : ranges) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append('L').append(r.startLine()).append('-').append(r.endLine());
        }
        return sb.toString();
    }

    private static String q(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
