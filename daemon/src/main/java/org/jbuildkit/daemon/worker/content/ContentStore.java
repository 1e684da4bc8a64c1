package org.jbuildkit.daemon.worker.content;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.util.Optional;
import java.util.function.Consumer;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.Descriptor;

/**
 * Blobs addressed by digest (upstream's containerd content store, reduced to what the worker uses).
 * Anything {@link #info} reports is complete and matches its digest: writers verify before publishing.
 */
public interface ContentStore {

    /** The blob's size and time of writing, if present. */
    Optional<ContentInfo> info(Digest digest) throws IOException;

    /** Reads a blob as a stream; {@link ContentNotFoundException} if absent. */
    InputStream open(Digest digest) throws IOException;

    /** Reads a blob at any offset; {@link ContentNotFoundException} if absent. */
    FileChannel openChannel(Digest digest) throws IOException;

    /**
     * Starts writing a blob that must match {@code expected}. {@code source} says where the bytes come
     * from (a registry URL, "layer export of <record>") and appears in every error about them.
     */
    ContentWriter writer(Descriptor expected, String source) throws IOException;

    /** Removes a blob; false if it was not there. */
    boolean delete(Digest digest) throws IOException;

    /** Visits every stored blob, for garbage collection. */
    void walk(Consumer<ContentInfo> visitor) throws IOException;

    default boolean exists(Digest digest) throws IOException {
        return info(digest).isPresent();
    }

    /** Bytes held by all blobs. */
    default long totalSize() throws IOException {
        long[] total = {0};
        walk(info -> total[0] += info.size());
        return total[0];
    }
}
