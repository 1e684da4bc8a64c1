package org.jbuildkit.dockerfile;

import java.util.List;

/**
 * A Dockerfile that cannot be built as written: the message names the problem and the fix, and the ranges point at
 * the lines of {@code filename} it came from so clients can print the excerpt (upstream's {@code errdefs.Source}).
 */
public class DockerfileException extends Exception {
    private final String filename;
    private final byte[] source;
    private final List<SourceRange> ranges;

    public DockerfileException(String message, String filename, byte[] source, List<SourceRange> ranges) {
        this(message, filename, source, ranges, null);
    }

    public DockerfileException(String message, String filename, byte[] source, List<SourceRange> ranges,
            Throwable cause) {
        super(message, cause);
        this.filename = filename;
        this.source = source.clone();
        this.ranges = List.copyOf(ranges);
    }

    /** The Dockerfile's name as the user gave it ({@code Dockerfile}, {@code linux/my-app.docker}). */
    public String filename() {
        return filename;
    }

    /** The whole Dockerfile, as read. */
    public byte[] source() {
        return source.clone();
    }

    public List<SourceRange> ranges() {
        return ranges;
    }
}
