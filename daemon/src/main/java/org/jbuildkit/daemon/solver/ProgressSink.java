package org.jbuildkit.daemon.solver;

import java.time.Instant;

/** Receives a build's progress: vertex states and logs, in the order they happen. */
public interface ProgressSink {

    void started(Vertex vertex, Instant at);

    /** Finished: {@code cached} when served from the cache, {@code error} null on success. */
    void completed(Vertex vertex, Instant started, Instant at, boolean cached, Throwable error);

    void log(Vertex vertex, int stream, byte[] data, Instant at);

    /** A sub-task of the vertex started, advanced or ended (the same ID each time). */
    default void status(Vertex vertex, ProgressStatus status, Instant at) {
    }

    default void warning(Vertex vertex, BuildWarning warning) {
    }

    ProgressSink NONE = new ProgressSink() {
        @Override
        public void started(Vertex vertex, Instant at) {
        }

        @Override
        public void completed(Vertex vertex, Instant started, Instant at, boolean cached, Throwable error) {
        }

        @Override
        public void log(Vertex vertex, int stream, byte[] data, Instant at) {
        }
    };
}
