package org.jbuildkit.dockerfile.shell;

/**
 * Reads a word one Unicode code point at a time, as Go's {@code text/scanner} {@code Next}/{@code Peek} do for
 * upstream's lexer: {@link #EOF} once the word is used up.
 */
final class CodePointScanner {
    static final int EOF = -1;

    private final String text;
    private int index;

    CodePointScanner(String text) {
        this.text = text;
    }

    int peek() {
        return index < text.length() ? text.codePointAt(index) : EOF;
    }

    int next() {
        if (index >= text.length()) {
            return EOF;
        }
        int ch = text.codePointAt(index);
        index += Character.charCount(ch);
        return ch;
    }
}
