package org.jbuildkit.dockerfile.parser;

import java.util.List;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.SourceRange;

/**
 * Builds the parser's {@link DockerfileException}s: {@code <file>:<line>:<column>: <what> (<fix>)}, then the
 * offending line and a caret under the column, with the instruction's lines as the exception's range.
 */
final class SourceErrors {
    private final String filename;
    private final byte[] source;
    private final List<String> lines;

    /** {@code lines}: the file's lines without their line endings, first line first. */
    SourceErrors(String filename, byte[] source, List<String> lines) {
        this.filename = filename;
        this.source = source;
        this.lines = lines;
    }

    /**
     * @param line the 1-based line the error points at
     * @param column the 0-based column in that line, or -1 for the line's first non-blank character
     * @param endLine the last line of the instruction it belongs to (the range covers {@code line..endLine})
     */
    DockerfileException at(int line, int column, int endLine, String what, String fix) {
        String text = line(line);
        int col = column >= 0 ? Math.min(column, text.length()) : firstNonBlank(text);
        StringBuilder msg = new StringBuilder()
                .append(filename).append(':').append(line).append(':').append(col + 1).append(": ").append(what);
        if (!fix.isEmpty()) {
            msg.append(" (").append(fix).append(')');
        }
        msg.append("\n  ").append(text).append("\n  ");
        for (int i = 0; i < col; i++) {
            msg.append(text.charAt(i) == '\t' ? '\t' : ' ');
        }
        msg.append('^');
        return new DockerfileException(msg.toString(), filename, source,
                List.of(SourceRange.lines(line, Math.max(line, endLine))));
    }

    DockerfileException at(int line, int endLine, LineException e) {
        return at(line, e.columnIn(line(line)), endLine, e.what(), e.fix());
    }

    /** The 1-based {@code line}'s text without its line ending ("" past the end). */
    String line(int line) {
        return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
    }

    /** An error that points at no line (an empty file). */
    DockerfileException whole(String message) {
        return new DockerfileException(message, filename, source, List.of());
    }

    static int firstNonBlank(String text) {
        int i = 0;
        while (i < text.length() && GoText.isSpace(text.charAt(i))) {
            i++;
        }
        return i == text.length() ? 0 : i;
    }
}
