package org.jbuildkit.dockerfile;

/**
 * A range of a Dockerfile, 1-based lines and 0-based columns as upstream's {@code pb.Range}; an end column of 0
 * means "to the end of the line".
 */
public record SourceRange(int startLine, int startColumn, int endLine, int endColumn) {

    public static SourceRange lines(int start, int end) {
        return new SourceRange(start, 0, end, 0);
    }

    public static SourceRange line(int line) {
        return lines(line, line);
    }
}
