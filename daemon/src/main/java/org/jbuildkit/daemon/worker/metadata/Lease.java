package org.jbuildkit.daemon.worker.metadata;

import java.time.Instant;

/** A build's claim on cache records: while it holds them they are in use and GC keeps them. */
public record Lease(String id, String buildRef, Instant createdAt) {
}
