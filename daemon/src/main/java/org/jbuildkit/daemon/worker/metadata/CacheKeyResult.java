package org.jbuildkit.daemon.worker.metadata;

import java.time.Instant;
import org.jbuildkit.registry.image.Digest;

/** A cache key's output {@code outputIndex} is the result held by cache record {@code recordId}. */
public record CacheKeyResult(Digest key, int outputIndex, RecordId recordId, Instant createdAt) {
}
