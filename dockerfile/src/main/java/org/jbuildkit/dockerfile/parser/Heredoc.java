package org.jbuildkit.dockerfile.parser;

import java.util.Optional;

/**
 * A here-document of a RUN, COPY or ADD: its delimiter name, its body (each line ending in a newline), whether
 * variables are expanded in it (unquoted delimiter) and whether leading tabs were stripped ({@code <<-}): when
 * {@code chomp}, {@code content} already has each line's leading tabs removed. Lines are kept as written, so a
 * CRLF file's body lines end in {@code \r\n} as upstream's.
 */
public record Heredoc(String name, String content, boolean expand, boolean chomp) {

    /**
     * The heredoc a single word opens, with empty content, as upstream's {@code parser.MustParseHeredoc}: for the
     * converter to tell {@code RUN <<EOF} or {@code COPY <<EOF /dst} sources from plain words. Empty when
     * {@code word} is not a heredoc ({@code EOF}, {@code <<}, {@code <<EOF sh}, {@code <<'EOF}).
     */
    public static Optional<Heredoc> parseWord(String word) {
        HeredocWords.Opening opening = HeredocWords.parseWord(word, 0);
        return opening == null ? Optional.empty()
                : Optional.of(new Heredoc(opening.name(), "", opening.expand(), opening.chomp()));
    }
}
