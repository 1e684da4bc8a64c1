package org.jbuildkit.daemon.frontend;

import java.util.Map;
import org.jbuildkit.api.pb.Definition;

/**
 * What the solver builds and the exporters receive: an LLB definition (the client's own, or a frontend's) and the
 * frontend's metadata for the exporters, such as {@link #IMAGE_CONFIG} (upstream's {@code exptypes} keys).
 */
public record BuildDefinition(Definition definition, Map<String, byte[]> metadata) {
    /** The image config JSON a frontend made, for image exporters (upstream's {@code containerimage.config}). */
    public static final String IMAGE_CONFIG = org.jbuildkit.daemon.exporter.ExportSource.IMAGE_CONFIG;

    public BuildDefinition {
        metadata = Map.copyOf(metadata);
    }

    /** A definition the client sent itself: no frontend metadata. */
    public static BuildDefinition of(Definition definition) {
        return new BuildDefinition(definition, Map.of());
    }
}
