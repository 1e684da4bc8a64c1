package org.jbuildkit.client.cache;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.jbuildkit.api.control.CacheOptionsEntry;

/** One {@code --export-cache} or {@code --import-cache}: a cache type and its attributes (upstream's CacheOptionsEntry). */
public record CacheEntry(String type, Map<String, String> attrs) {
    public CacheEntry {
        attrs = Collections.unmodifiableMap(new TreeMap<>(attrs));
    }

    /** The same entry with one attribute set. */
    public CacheEntry with(String key, String value) {
        Map<String, String> changed = new TreeMap<>(attrs);
        changed.put(key, value);
        return new CacheEntry(type, changed);
    }

    CacheOptionsEntry toProto() {
        return CacheOptionsEntry.newBuilder().setType(type).putAllAttrs(attrs).build();
    }
}
