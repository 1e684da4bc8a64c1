package org.jbuildkit.daemon.worker.metadata;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One link of a snapshot chain: an active (writable) or committed (frozen) layer on top of its parent.
 *
 * @param parentId null for a chain's base
 * @param path where the snapshotter keeps this layer's files
 */
public record Snapshot(String id, String parentId, Kind kind, Path path, Instant createdAt) {
    public enum Kind {
        ACTIVE, COMMITTED
    }
}
