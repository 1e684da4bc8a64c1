package org.jbuildkit.daemon.worker.executor;

/**
 * Where a container's stdout and stderr go, chunk by chunk as they are produced; nothing is
 * buffered whole. Stdin is always empty. Each sink is called from one thread at a time.
 */
public record ProcessIO(OutputSink stdout, OutputSink stderr) {
    /** Receives a chunk of output; the array is reused after the call returns. */
    @FunctionalInterface
    public interface OutputSink {
        void write(byte[] chunk, int offset, int length);
    }

    public static ProcessIO discard() {
        OutputSink none = (b, o, l) -> { };
        return new ProcessIO(none, none);
    }
}
