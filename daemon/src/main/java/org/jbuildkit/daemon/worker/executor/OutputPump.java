package org.jbuildkit.daemon.worker.executor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one of the container's output pipes to its sink in chunks as they arrive, on its own
 * thread, remembering only the last few KiB (for error messages).
 */
final class OutputPump {
    private static final Logger LOG = LoggerFactory.getLogger(OutputPump.class);
    private static final int CHUNK = 32 * 1024;
    private static final int TAIL = 4 * 1024;

    private final Thread thread;
    private final byte[] tail = new byte[TAIL];
    private int tailLength;
    private volatile RuntimeException sinkFailure;

    OutputPump(String name, InputStream in, ProcessIO.OutputSink sink) {
        thread = new Thread(() -> pump(in, sink), name);
        thread.setDaemon(true);
        thread.start();
    }

    private void pump(InputStream in, ProcessIO.OutputSink sink) {
        byte[] buf = new byte[CHUNK];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                remember(buf, n);
                if (sinkFailure == null) {
                    try {
                        sink.write(buf, 0, n);
                    } catch (RuntimeException e) {
                        // Keep draining so the container never blocks on a full pipe.
                        sinkFailure = e;
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("{} ended: {}", thread.getName(), e.toString());
        }
    }

    private synchronized void remember(byte[] buf, int n) {
        if (n >= TAIL) {
            System.arraycopy(buf, n - TAIL, tail, 0, TAIL);
            tailLength = TAIL;
            return;
        }
        int keep = Math.min(tailLength, TAIL - n);
        System.arraycopy(tail, tailLength - keep, tail, 0, keep);
        System.arraycopy(buf, 0, tail, keep, n);
        tailLength = keep + n;
    }

    synchronized String tail() {
        return new String(tail, 0, tailLength, StandardCharsets.UTF_8);
    }

    /** Waits until the pipe is closed by every process holding it, at most {@code millis}. */
    boolean awaitEnd(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    RuntimeException sinkFailure() {
        return sinkFailure;
    }
}
