package org.jbuildkit.daemon.worker.metadata;

import java.time.Instant;
import java.util.List;

/**
 * The last run of a step under its vertex name: its cache key, the op's cache-map digest and the
 * labelled parts it is made of (values only as fingerprints), and what each input contributed.
 */
public record StepRecord(String name, String cacheKey, String opDigest, List<Part> parts, List<String> inputs,
        Instant recordedAt) {

    public StepRecord {
        parts = List.copyOf(parts);
        inputs = List.copyOf(inputs);
    }

    /** One labelled part; {@code shown} is null unless the value is safe to print. */
    public record Part(String id, String label, String fingerprint, String shown) {
    }
}
