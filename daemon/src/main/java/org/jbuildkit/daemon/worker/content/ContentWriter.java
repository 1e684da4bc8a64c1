package org.jbuildkit.daemon.worker.content;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;

/**
 * Bytes on their way into a {@link ContentStore}. Nothing is visible in the store until
 * {@link #commit()} has verified them; closing an uncommitted writer discards what was written.
 */
public interface ContentWriter extends WritableByteChannel {

    /** Bytes written so far. */
    long written();

    /**
     * Flushes to disk, checks size and digest against the expected descriptor and publishes the blob.
     * If another writer published the same digest first, this one's copy is dropped and the stored
     * blob is returned. On a mismatch throws {@link UnexpectedContentException}, keeping nothing.
     */
    ContentInfo commit() throws IOException;

    /** Discards the written bytes unless committed; safe to call more than once. */
    @Override
    void close() throws IOException;

    /** This writer as a stream; closing the stream closes (and, before commit, aborts) the writer. */
    default OutputStream asOutputStream() {
        return Channels.newOutputStream(this);
    }
}
