package org.jbuildkit.daemon.server;

import java.nio.file.Path;
import java.util.List;
import org.jbuildkit.api.BuildkitAddress;

/**
 * What the gRPC listeners need to know: the addresses, the owner and group of unix sockets, and the
 * server TLS files for tcp addresses (client certificates are required when a CA is given).
 */
public record ListenerSpec(List<BuildkitAddress> addresses, int uid, int gid, Path tlsCert, Path tlsKey, Path tlsCa) {
    public ListenerSpec {
        addresses = List.copyOf(addresses);
    }

    public boolean tls() {
        return tlsCert != null || tlsKey != null;
    }
}
