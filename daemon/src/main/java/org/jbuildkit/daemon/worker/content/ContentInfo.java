package org.jbuildkit.daemon.worker.content;

import java.time.Instant;
import org.jbuildkit.registry.image.Digest;

/** A stored blob: its digest, size in bytes and when it was committed. */
public record ContentInfo(Digest digest, long size, Instant committedAt) {
}
