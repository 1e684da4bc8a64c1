package org.jbuildkit.dockerfile.shell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands variables and removes quotes in Dockerfile words exactly as upstream's {@code shell.Lex}: {@code $V},
 * {@code ${V}}, {@code ${V:-d}}, {@code ${V-d}}, {@code ${V:+a}}, {@code ${V+a}}, {@code ${V#p}}, {@code ${V##p}},
 * {@code ${V%s}}, {@code ${V%%s}}, {@code ${V/p/r}}, {@code ${V//p/r}}, {@code ${V?msg}}, {@code ${V:?msg}}, single
 * and double quotes, and the escape character ({@code \} or {@code `}).
 *
 * <p>Variables are looked up in a {@code Map} by their exact name (case-sensitive, as on Linux); a name mapped to
 * null counts as unset. {@link #envOf} builds one from {@code KEY=value} strings, the last of a key winning.
 *
 * <p>Upstream's quirks are kept on purpose: patterns have {@code *} and {@code ?} but no {@code [...]} (brackets are
 * literal), {@code $} before a character that starts no name stays a literal {@code $}, positional and special
 * parameters ({@code $1}, {@code $@}, {@code $#}, ...) are looked up like any name (and so are never set), an escape
 * character at the end of a word is dropped, and a lone {@code ""} makes no word in {@link #processWords}.
 *
 * <p>Instances are immutable and safe to share.
 */
public final class ShellLex {
    private final char escape;
    private final Options options;

    public ShellLex(char escape) {
        this(escape, Options.DEFAULT);
    }

    private ShellLex(char escape, Options options) {
        this.escape = escape;
        this.options = options;
    }

    /** How upstream's {@code Lex} fields {@code RawQuotes}, {@code RawEscapes}, {@code SkipProcessQuotes}, {@code SkipUnsetEnv} are set. */
    record Options(boolean rawQuotes, boolean rawEscapes, boolean skipProcessQuotes, boolean skipUnsetEnv) {
        static final Options DEFAULT = new Options(false, false, false, false);
    }

    /** This lexer, but quote characters are kept in the result ({@code RawQuotes}). */
    public ShellLex withRawQuotes() {
        return new ShellLex(escape, new Options(true, options.rawEscapes, options.skipProcessQuotes, options.skipUnsetEnv));
    }

    /** This lexer, but escape characters are kept in the result ({@code RawEscapes}). */
    public ShellLex withRawEscapes() {
        return new ShellLex(escape, new Options(options.rawQuotes, true, options.skipProcessQuotes, options.skipUnsetEnv));
    }

    /** This lexer, but quotes are ordinary characters ({@code SkipProcessQuotes}). */
    public ShellLex withSkipProcessQuotes() {
        return new ShellLex(escape, new Options(options.rawQuotes, options.rawEscapes, true, options.skipUnsetEnv));
    }

    /** This lexer, but a reference to an unset variable is kept as written ({@code SkipUnsetEnv}). */
    public ShellLex withSkipUnsetEnv() {
        return new ShellLex(escape, new Options(options.rawQuotes, options.rawEscapes, options.skipProcessQuotes, true));
    }

    public char escape() {
        return escape;
    }

    /** One word: quotes removed, variables from {@code env} expanded. */
    public Expansion processWord(String word, Map<String, String> env) throws ShellSyntaxException {
        ShellWord run = new ShellWord(options, escape, word, env);
        ShellWord.Result result = run(run, word);
        return new Expansion(result.word(), List.copyOf(run.matched()), List.copyOf(run.unmatched()));
    }

    /** Several words, split on unquoted whitespace after expansion (as for the args of FROM, COPY, EXPOSE). */
    public WordsExpansion processWords(String text, Map<String, String> env) throws ShellSyntaxException {
        ShellWord run = new ShellWord(options, escape, text, env);
        ShellWord.Result result = run(run, text);
        return new WordsExpansion(result.words(), List.copyOf(run.matched()), List.copyOf(run.unmatched()));
    }

    private static ShellWord.Result run(ShellWord run, String word) throws ShellSyntaxException {
        try {
            return run.process();
        } catch (ShellSyntaxException e) {
            throw new ShellSyntaxException("failed to process " + GoUnicode.quote(word) + ": " + e.getMessage(),
                    e.getMessage());
        }
    }

    /**
     * An environment from {@code KEY=value} strings as upstream's {@code EnvsFromSlice}: a string without {@code =}
     * is the key with an empty value, and a later key replaces an earlier one (keeping the first one's place).
     */
    public static Map<String, String> envOf(List<String> keyValues) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : keyValues) {
            int eq = kv.indexOf('=');
            env.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
        }
        return env;
    }

    /**
     * The result of one word, the variables it referenced that were set ({@code matched}) and those that were not
     * ({@code unmatched}, for the UndefinedVar check), each name once, in the order first referenced. A name is
     * unmatched even when referenced with a default ({@code ${V:-x}}), as upstream's lexer reports it.
     */
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

    /**
     * A malformed word, e.g. {@code ${V} unterminated} or a bad substitution. The message is upstream's,
     * {@code failed to process "<word>": <reason>}; the caller adds the Dockerfile location.
     */
    public static final class ShellSyntaxException extends Exception {
        private final String reason;

        public ShellSyntaxException(String message) {
            this(message, message);
        }

        public ShellSyntaxException(String message, String reason) {
            super(message);
            this.reason = reason;
        }

        /** Upstream's message without the word, e.g. {@code syntax error: missing '}'}. */
        public String reason() {
            return reason;
        }
    }
}
