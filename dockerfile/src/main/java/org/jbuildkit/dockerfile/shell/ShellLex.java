package org.jbuildkit.dockerfile.shell;

import java.util.List;
import java.util.Map;

/**
 * Expands variables and removes quotes in Dockerfile words exactly as upstream's {@code shell.Lex}: {@code $V},
 * {@code ${V}}, {@code ${V:-d}}, {@code ${V-d}}, {@code ${V:+a}}, {@code ${V+a}}, {@code ${V#p}}, {@code ${V##p}},
 * {@code ${V%s}}, {@code ${V%%s}}, {@code ${V/p/r}}, {@code ${V?msg}}, single and double quotes, and the escape
 * character ({@code \} or {@code `}).
 */
public final class ShellLex {
    private final char escape;

    public ShellLex(char escape) {
        this.escape = escape;
    }

    /** One word: quotes removed, variables from {@code env} expanded. */
    public Expansion processWord(String word, Map<String, String> env) throws ShellSyntaxException {
        throw new UnsupportedOperationException("not written yet");
    }

    /** Several words, split on unquoted whitespace after expansion (as for the args of FROM, COPY, EXPOSE). */
    public WordsExpansion processWords(String text, Map<String, String> env) throws ShellSyntaxException {
        throw new UnsupportedOperationException("not written yet");
    }

    /** The result of one word and the variables it referenced that were not set (for the UndefinedVar check). */
    public record Expansion(String result, List<String> matched, List<String> unmatched) {
        public Expansion {
            matched = List.copyOf(matched);
            unmatched = List.copyOf(unmatched);
        }
    }

    public record WordsExpansion(List<String> words, List<String> matched, List<String> unmatched) {
        public WordsExpansion {
            words = List.copyOf(words);
            matched = List.copyOf(matched);
            unmatched = List.copyOf(unmatched);
        }
    }

    /** A malformed word, e.g. {@code ${V} unterminated} or a bad substitution; the message says which. */
    public static final class ShellSyntaxException extends Exception {
        public ShellSyntaxException(String message) {
            super(message);
        }
    }
}
