package org.jbuildkit.daemon.worker.executor;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Collects a test container's small stdout and stderr. */
final class CapturedOutput {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    ProcessIO io() {
        return new ProcessIO(sink(out), sink(err));
    }

    private static ProcessIO.OutputSink sink(ByteArrayOutputStream target) {
        return (b, off, len) -> {
            synchronized (target) {
                target.write(b, off, len);
            }
        };
    }

    String stdout() {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    String stderr() {
        synchronized (err) {
            return err.toString(StandardCharsets.UTF_8);
        }
    }
}
