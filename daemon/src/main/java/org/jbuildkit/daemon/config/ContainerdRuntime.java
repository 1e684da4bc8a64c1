package org.jbuildkit.daemon.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code [worker.containerd.runtime]}: the containerd runtime (shim) and its options, passed on
 * to containerd unchanged. Option values are plain Java values: String, Long, Double, Boolean,
 * List or Map.
 */
public record ContainerdRuntime(String name, String path, Map<String, Object> options) {

    public ContainerdRuntime {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }
}
