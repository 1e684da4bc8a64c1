package org.jbuildkit.dockerfile.parser;

/**
 * A here-document of a RUN, COPY or ADD: its delimiter name, its body (each line ending in a newline), whether
 * variables are expanded in it (unquoted delimiter) and whether leading tabs were stripped ({@code <<-}): when
 * {@code chomp}, {@code content} already has each line's leading tabs removed. Lines are kept as written, so a
 * CRLF file's body lines end in {@code \r\n} as upstream's.
 */
public record Heredoc(String name, String content, boolean expand, boolean chomp) {
}
