package org.jbuildkit.daemon.buildlog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The whole log of one vertex in one build, bounded: the first {@code headBytes} go straight to the
 * file, and past that only the last {@code tailBytes} are kept in memory, written after a line saying
 * how much was left out when the log is closed. A step that never stops printing therefore costs at
 * most {@code headBytes + tailBytes} on disk and {@code tailBytes} in memory.
 */
final class VertexLogFile implements AutoCloseable {
    private final Path path;
    private final long headBytes;
    private final int tailBytes;
    private OutputStream out;
    private long written;
    private TailBuffer tail;

    VertexLogFile(Path path, long headBytes, int tailBytes) {
        this.path = path;
        this.headBytes = headBytes;
        this.tailBytes = tailBytes;
    }

    synchronized void append(byte[] data) throws IOException {
        int toHead = (int) Math.max(0, Math.min(data.length, headBytes - written));
        if (toHead > 0) {
            if (out == null) {
                out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            out.write(data, 0, toHead);
            written += toHead;
        }
        if (toHead < data.length) {
            if (tail == null) {
                tail = new TailBuffer(tailBytes);
            }
            tail.write(data, toHead, data.length - toHead);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (out == null) {
            return;
        }
        try {
            if (tail != null) {
                byte[] kept = tail.bytes();
                long omitted = tail.written() - kept.length;
                if (omitted > 0) {
                    out.write(("\n[jbuildkit: " + omitted + " bytes of this log left out here: the daemon keeps the"
                            + " first " + headBytes + " and the last " + tailBytes + " bytes of a step's log]\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
                out.write(kept);
                tail = null;
            }
        } finally {
            out.close();
            out = null;
        }
    }
}
