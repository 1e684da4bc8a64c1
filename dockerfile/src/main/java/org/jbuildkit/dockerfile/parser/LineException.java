package org.jbuildkit.dockerfile.parser;

/**
 * A problem in one instruction, before it is given its place in the file: what is wrong, how to fix it (may be
 * empty) and what it points at: a 0-based column in the instruction's first line (-1: where the instruction
 * starts), or the text {@code near} it (found in that line if it is there).
 */
final class LineException extends Exception {
    private final String fix;
    private final int column;
    private final String near;

    LineException(String what, String fix, int column) {
        this(what, fix, column, null);
    }

    private LineException(String what, String fix, int column, String near) {
        super(what);
        this.fix = fix == null ? "" : fix;
        this.column = column;
        this.near = near;
    }

    static LineException near(String what, String fix, String near) {
        return new LineException(what, fix, -1, near);
    }

    /**
     * The 0-based column in {@code firstLine}, the instruction's first line as written (for {@code near}, its first
     * occurrence after the instruction's keyword), or -1.
     */
    int columnIn(String firstLine) {
        if (near == null || near.isEmpty()) {
            return column;
        }
        int afterKeyword = SourceErrors.firstNonBlank(firstLine);
        while (afterKeyword < firstLine.length() && !GoText.isSpace(firstLine.charAt(afterKeyword))) {
            afterKeyword++;
        }
        int at = firstLine.indexOf(near, afterKeyword);
        return at >= 0 ? at : firstLine.indexOf(near);
    }

    String what() {
        return getMessage();
    }

    String fix() {
        return fix;
    }

    int column() {
        return column;
    }
}
