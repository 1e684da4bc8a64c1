package org.jbuildkit.daemon.worker.executor;

import java.net.InetAddress;
import java.util.Objects;

/** A line added to the container's /etc/hosts ({@code --add-host name:ip}). */
public record ExtraHost(String host, InetAddress ip) {
    public ExtraHost {
        Objects.requireNonNull(ip, "ip");
        if (host == null || host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("extra host name must be non-empty without spaces: '" + host + "'");
        }
    }
}
