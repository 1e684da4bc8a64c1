package org.jbuildkit.daemon.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where each effective value came from, keyed by its TOML path as written in the file:
 * {@code root}, {@code grpc.tls.cert}, {@code worker.oci.gcpolicy[0].keepDuration},
 * {@code registry."127.0.0.1:5000".http}. Keys without an entry are defaults.
 */
public final class Provenance {

    private final Map<String, ValueSource> sources;

    Provenance(Map<String, ValueSource> sources) {
        this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }

    /** The source of the value at {@code key}; {@link ValueSource.Default#PLAIN} when none was recorded. */
    public ValueSource sourceOf(String key) {
        return sources.getOrDefault(key, ValueSource.Default.PLAIN);
    }

    /** Every recorded source, in the order values were read. */
    public Map<String, ValueSource> entries() {
        return sources;
    }
}
