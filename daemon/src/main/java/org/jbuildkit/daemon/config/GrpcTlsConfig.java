package org.jbuildkit.daemon.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code [grpc.tls]}: the server certificate and key for tcp listeners, and the CA that client
 * certificates must chain to (mutual TLS). Empty strings mean "not set".
 */
public record GrpcTlsConfig(String cert, String key, String ca) {

    public static final GrpcTlsConfig NONE = new GrpcTlsConfig("", "", "");

    public Optional<Path> certFile() {
        return cert.isEmpty() ? Optional.empty() : Optional.of(Path.of(cert));
    }

    public Optional<Path> keyFile() {
        return key.isEmpty() ? Optional.empty() : Optional.of(Path.of(key));
    }

    public Optional<Path> caFile() {
        return ca.isEmpty() ? Optional.empty() : Optional.of(Path.of(ca));
    }
}
