package org.jbuildkit.daemon.worker.content;

import java.io.IOException;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.Descriptor;

/**
 * Bytes that do not match the descriptor they were written for. Nothing was stored.
 * {@code actualDigest} is null when writing stopped early because the data ran past the expected size.
 */
public final class UnexpectedContentException extends IOException {
    private final transient Descriptor expected;
    private final transient Digest actualDigest;
    private final long actualSize;
    private final String source;

    public UnexpectedContentException(Descriptor expected, Digest actualDigest, long actualSize, String source) {
        super(message(expected, actualDigest, actualSize, source));
        this.expected = expected;
        this.actualDigest = actualDigest;
        this.actualSize = actualSize;
        this.source = source;
    }

    private static String message(Descriptor expected, Digest actualDigest, long actualSize, String source) {
        String got = actualDigest == null
                ? "more than " + expected.size() + " bytes (stopped at " + actualSize + ")"
                : actualDigest + " (" + actualSize + " bytes)";
        return "blob from " + source + " does not match its descriptor: expected " + expected.digest() + " ("
                + expected.size() + " bytes), got " + got + "; nothing was stored\n"
                + "fix: retry; if it repeats, the source serves different content than its manifest or index says";
    }

    public Descriptor expected() {
        return expected;
    }

    /** The digest of what was received, or null if it was cut off for being too long. */
    public Digest actualDigest() {
        return actualDigest;
    }

    public long actualSize() {
        return actualSize;
    }

    public String source() {
        return source;
    }
}
