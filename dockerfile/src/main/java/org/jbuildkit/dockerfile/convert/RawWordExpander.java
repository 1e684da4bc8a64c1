package org.jbuildkit.dockerfile.convert;

import java.util.Map;

/**
 * The two variants of upstream's {@code shell.Lex} the converter needs besides plain word processing: step names
 * ({@code RawQuotes} + {@code SkipUnsetEnv}: quotes are kept, unset variables stay as written, nothing inside single
 * quotes is expanded) and here-document bodies ({@code SkipProcessQuotes}: quotes are plain characters). Handles
 * {@code $V}, {@code ${V}} and the {@code :-} {@code -} {@code :+} {@code +} forms; anything else is kept as written.
 */
final class RawWordExpander {

    private final char escape;
    private final boolean keepQuotesAsSyntax;
    private final boolean skipUnset;

    private RawWordExpander(char escape, boolean keepQuotesAsSyntax, boolean skipUnset) {
        this.escape = escape;
        this.keepQuotesAsSyntax = keepQuotesAsSyntax;
        this.skipUnset = skipUnset;
    }

    /** For step names: {@code RUN echo "$A"} shows as {@code RUN echo "1"}, an unset {@code $B} stays. */
    static RawWordExpander forNames(char escape) {
        return new RawWordExpander(escape, true, true);
    }

    /** For here-document bodies with an unquoted delimiter. */
    static RawWordExpander forHeredocs() {
        return new RawWordExpander('\\', false, false);
    }

    String expand(String word, Map<String, String> env) {
        StringBuilder out = new StringBuilder();
        boolean inSingle = false;
        int i = 0;
        while (i < word.length()) {
            char c = word.charAt(i);
            if (keepQuotesAsSyntax && c == '\'' ) {
                inSingle = !inSingle;
                out.append(c);
                i++;
            } else if (inSingle) {
                out.append(c);
                i++;
            } else if (c == escape && i + 1 < word.length()) {
                out.append(c).append(word.charAt(i + 1));
                i += 2;
            } else if (c == '$' && i + 1 < word.length()) {
                i = variable(word, i, env, out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private int variable(String word, int start, Map<String, String> env, StringBuilder out) {
        int i = start + 1;
        if (word.charAt(i) == '{') {
            int close = matchingBrace(word, i);
            if (close < 0) {
                out.append(word, start, word.length());
                return word.length();
            }
            String inner = word.substring(i + 1, close);
            String written = word.substring(start, close + 1);
            out.append(braced(inner, written, env));
            return close + 1;
        }
        int end = i;
        while (end < word.length() && (Character.isLetterOrDigit(word.charAt(end)) || word.charAt(end) == '_')) {
            end++;
        }
        if (end == i) {
            out.append('$');
            return i;
        }
        String name = word.substring(i, end);
        String v = env.get(name);
        if (v != null) {
            out.append(v);
        } else if (skipUnset) {
            out.append(word, start, end);
        }
        return end;
    }

    private String braced(String inner, String written, Map<String, String> env) {
        int n = 0;
        while (n < inner.length() && (Character.isLetterOrDigit(inner.charAt(n)) || inner.charAt(n) == '_')) {
            n++;
        }
        String name = inner.substring(0, n);
        String op = inner.substring(n);
        String v = env.get(name);
        if (op.isEmpty()) {
            return v != null ? v : skipUnset ? written : "";
        }
        if (op.startsWith(":-")) {
            return v != null && !v.isEmpty() ? v : expand(op.substring(2), env);
        }
        if (op.startsWith("-")) {
            return v != null ? v : expand(op.substring(1), env);
        }
        if (op.startsWith(":+")) {
            return v != null && !v.isEmpty() ? expand(op.substring(2), env) : "";
        }
        if (op.startsWith("+")) {
            return v != null ? expand(op.substring(1), env) : "";
        }
        return v != null ? v : written;
    }

    private static int matchingBrace(String word, int open) {
        int depth = 0;
        for (int i = open; i < word.length(); i++) {
            if (word.charAt(i) == '{') {
                depth++;
            } else if (word.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
