package org.jbuildkit.daemon.worker.metadata;

import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;

/** The compressed blob of a layer record (digest, media type, size) and the digest of its uncompressed tar. */
public record LayerBlob(Descriptor blob, Digest diffId) {
    public LayerBlob {
        if (blob == null || diffId == null) {
            throw new IllegalArgumentException("a layer blob needs both its descriptor and its diff ID");
        }
    }
}
