package org.jbuildkit.registry.distribution;

import org.jbuildkit.registry.image.Digest;

/** Content from a registry did not hash to the digest it was asked for; nothing was stored. */
public final class DigestMismatchException extends RuntimeException {
    public DigestMismatchException(String what, Digest expected, Digest actual, long size) {
        super(what + ": expected " + expected + " but the " + size + " bytes received hash to " + actual
                + "; the registry or a proxy between us altered it, so it was discarded (nothing was stored)");
    }
}
