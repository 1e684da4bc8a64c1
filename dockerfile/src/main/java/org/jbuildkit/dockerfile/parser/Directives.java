package org.jbuildkit.dockerfile.parser;

/**
 * The parser directives at the top of a Dockerfile: {@code # escape=} (backslash unless set to a backtick),
 * {@code # syntax=} and {@code # check=} (empty when absent).
 */
public record Directives(char escape, String syntax, String check) {
    public static final Directives DEFAULT = new Directives('\\', "", "");
}
