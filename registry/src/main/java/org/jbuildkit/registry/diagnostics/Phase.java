package org.jbuildkit.registry.diagnostics;

/** Where a registry request failed, in the order a request goes through them. */
public enum Phase {
    /** Reading the host's {@code [registry."host"]} settings (a missing {@code ca} file, a bad key). */
    CONFIG,
    DNS,
    CONNECT,
    TLS,
    HTTP,
    AUTH
}
