package org.jbuildkit.session.patternmatcher;

/**
 * The syntax checks of Go's {@code filepath.Match}, which upstream runs on every pattern before using
 * it: a {@code \} must escape something, and a {@code [...]} class must be closed, non-empty, and made
 * of characters or {@code lo-hi} ranges (a bare {@code -} or {@code ]} cannot start one).
 */
final class Syntax {
    private final String p;
    private final String raw;
    private int pos;

    private Syntax(String p, String raw) {
        this.p = p;
        this.raw = raw;
    }

    static void check(String pattern, String raw) {
        new Syntax(pattern, raw).run();
    }

    private void run() {
        while (pos < p.length()) {
            char ch = p.charAt(pos++);
            if (ch == '\\') {
                if (pos >= p.length()) {
                    throw bad("it ends with a lone \\; escape it as \\\\ or remove it");
                }
                pos += Character.charCount(p.codePointAt(pos));
            } else if (ch == '[') {
                characterClass();
            }
        }
    }

    private void characterClass() {
        int start = pos - 1;
        if (pos < p.length() && p.charAt(pos) == '^') {
            pos++;
        }
        int ranges = 0;
        while (true) {
            if (pos < p.length() && p.charAt(pos) == ']' && ranges > 0) {
                pos++;
                return;
            }
            int lo = classChar(start);
            int hi = lo;
            if (p.charAt(pos) == '-') {
                pos++;
                hi = classChar(start);
            }
            if (lo > hi) {
                throw bad("the range " + new StringBuilder().appendCodePoint(lo).append('-').appendCodePoint(hi)
                        + " in " + p.substring(start) + " runs backwards; write it low-high");
            }
            ranges++;
        }
    }

    /** One character of a class (Go's {@code getEsc}); something must follow it. */
    private int classChar(int start) {
        if (pos >= p.length()) {
            throw bad("the character class " + p.substring(start) + " is not closed; add ] or escape the [ as \\[");
        }
        char c = p.charAt(pos);
        if (c == '-' || c == ']') {
            throw bad("the character class " + p.substring(start) + " has a " + c + " where a character should be;"
                    + " escape it as \\" + c);
        }
        if (c == '\\') {
            pos++;
            if (pos >= p.length()) {
                throw bad("the character class " + p.substring(start) + " is not closed; add ]");
            }
        }
        int ch = p.codePointAt(pos);
        pos += Character.charCount(ch);
        if (pos >= p.length()) {
            throw bad("the character class " + p.substring(start) + " is not closed; add ] or escape the [ as \\[");
        }
        return ch;
    }

    private InvalidPatternException bad(String why) {
        return new InvalidPatternException("syntax error in pattern \"" + raw.strip() + "\": " + why);
    }
}
