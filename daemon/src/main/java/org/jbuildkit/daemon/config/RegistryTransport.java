package org.jbuildkit.daemon.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * How upstream's resolver reaches a host given its section: plain HTTP when {@code http = true}
 * (or unset on a loopback host), HTTPS without verification when {@code insecure = true} — and
 * with both, HTTPS without verification first, then plain HTTP.
 */
enum RegistryTransport {
    HTTPS,
    HTTPS_UNVERIFIED,
    HTTPS_UNVERIFIED_THEN_HTTP,
    HTTP;

    static RegistryTransport of(String host, RegistryConfig config) {
        boolean plainHttp = config.http().orElse(isLoopback(host));
        if (config.insecure() == Tristate.TRUE) {
            return plainHttp ? HTTPS_UNVERIFIED_THEN_HTTP : HTTPS_UNVERIFIED;
        }
        return plainHttp ? HTTP : HTTPS;
    }

    String describe() {
        return switch (this) {
            case HTTPS -> "HTTPS";
            case HTTPS_UNVERIFIED -> "HTTPS without certificate verification";
            case HTTPS_UNVERIFIED_THEN_HTTP -> "HTTPS without certificate verification, then plain HTTP";
            case HTTP -> "plain HTTP";
        };
    }

    /** localhost, 127.0.0.0/8 and ::1, with or without a port (containerd's MatchLocalhost). */
    static boolean isLoopback(String hostPort) {
        String host = RegistryHostChecks.bare(hostPort);
        if (host.equals("localhost")) {
            return true;
        }
        if (!host.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !host.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
