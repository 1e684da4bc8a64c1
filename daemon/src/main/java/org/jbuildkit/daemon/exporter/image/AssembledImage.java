package org.jbuildkit.daemon.exporter.image;

import java.util.List;
import org.jbuildkit.registry.image.Descriptor;

/** An image in the content store: its manifest, config and layers (base first), with the manifest and config bytes. */
record AssembledImage(Descriptor manifest, byte[] manifestBytes, Descriptor config, byte[] configBytes,
        List<Descriptor> layers) {
    AssembledImage {
        layers = List.copyOf(layers);
    }
}
