package org.jbuildkit.client.connection;

import java.nio.file.Path;

/**
 * The client's TLS flags ({@code --tlsservername --tlscacert --tlscert --tlskey}); every path may be null.
 */
public record TlsOptions(String serverName, Path caCert, Path cert, Path key) {

    public static TlsOptions none() {
        return new TlsOptions(null, null, null, null);
    }

    public boolean enabled() {
        return caCert != null || cert != null || key != null;
    }
}
