package org.jbuildkit.daemon.worker.snapshot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One mount that makes a snapshot visible, as an OCI runtime mount without its destination:
 * {@code overlay} with lowerdir/upperdir/workdir options, or a {@code bind} of a directory.
 */
public record Mount(String type, String source, List<String> options) {
    public Mount {
        options = List.copyOf(options);
    }

    static Mount bind(java.nio.file.Path dir, boolean readOnly) {
        return new Mount("bind", dir.toString(), List.of("rbind", readOnly ? "ro" : "rw"));
    }

    public boolean readOnly() {
        return options.contains("ro");
    }

    /** This mount as an entry of an OCI runtime config's {@code mounts} list. */
    public Map<String, Object> toOciSpec(String destination) {
        var spec = new LinkedHashMap<String, Object>();
        spec.put("destination", destination);
        spec.put("type", type);
        spec.put("source", source);
        spec.put("options", options);
        return spec;
    }
}
