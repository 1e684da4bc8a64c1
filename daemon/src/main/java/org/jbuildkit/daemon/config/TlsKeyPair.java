package org.jbuildkit.daemon.config;

import java.nio.file.Path;

/** {@code [[registry."host".keypair]]}: a client certificate presented to the registry. */
public record TlsKeyPair(Path key, Path cert) {
}
