package org.jbuildkit.registry.distribution;

/** How blob bytes are sent: one streamed PUT, or PATCH chunks then a closing PUT. */
public enum UploadMode {
    MONOLITHIC, CHUNKED
}
