package org.jbuildkit.dockerfile.parser;

import java.util.List;
import java.util.Locale;
import org.jbuildkit.dockerfile.SourceRange;

/** One instruction's line as split by its line parser, before it is placed in the file (no range, heredocs). */
record RawNode(String keyword, List<String> flags, List<String> args, boolean json, boolean legacyKeyValue,
        RawNode child, String original) {

    String instruction() {
        return keyword.toLowerCase(Locale.ROOT);
    }

    Node toNode(SourceRange range, List<Heredoc> heredocs, List<String> comments) {
        Node trigger = child == null ? null : child.toNode(range, heredocs, List.of());
        return new Node(instruction(), keyword, flags, args, json, legacyKeyValue, heredocs, trigger, original,
                range, comments);
    }
}
