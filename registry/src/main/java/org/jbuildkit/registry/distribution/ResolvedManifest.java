package org.jbuildkit.registry.distribution;

import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.reference.ImageReference;

/** A reference resolved to a manifest or index descriptor, and the endpoint host that answered. */
public record ResolvedManifest(ImageReference reference, Descriptor descriptor, String answeredBy) {
}
