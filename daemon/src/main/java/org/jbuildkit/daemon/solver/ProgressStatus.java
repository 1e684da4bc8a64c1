package org.jbuildkit.daemon.solver;

import java.time.Instant;
import java.util.Optional;

/**
 * A sub-task of a running vertex (a layer being pulled, files being sent), as upstream's
 * {@code VertexStatus}: an ID unique within the vertex, counters, and when it started and ended.
 * {@code total} is 0 when unknown; {@code completed} is null while it runs.
 */
public record ProgressStatus(String id, String name, long current, long total, Instant started, Instant completed) {
    public ProgressStatus {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("a progress status needs an ID");
        }
        name = name == null ? "" : name;
    }

    /** A status just begun. */
    public static ProgressStatus started(String id, String name, long total, Instant at) {
        return new ProgressStatus(id, name, 0, total, at, null);
    }

    public ProgressStatus withCurrent(long value) {
        return new ProgressStatus(id, name, value, total, started, completed);
    }

    public ProgressStatus completedAt(Instant at) {
        return new ProgressStatus(id, name, current, total, started, at);
    }

    public Optional<Instant> completion() {
        return Optional.ofNullable(completed);
    }
}
