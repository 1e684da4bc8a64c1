package org.jbuildkit.daemon.worker.snapshot;

import org.jbuildkit.registry.image.Digest;

/** The uncompressed layer does not hash to the diffID the image config promised. */
public final class DiffIdMismatchException extends LayerApplyException {
    public DiffIdMismatchException(String layer, Digest expected, Digest actual) {
        super("layer " + layer + " unpacks to diffID " + actual + " but the image config expects " + expected
                + "; the blob or the config is corrupt: delete the cached blob and pull again");
    }
}
