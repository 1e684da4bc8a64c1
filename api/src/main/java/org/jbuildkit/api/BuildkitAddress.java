package org.jbuildkit.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A daemon address as upstream spells it: {@code unix:///path/to.sock} or {@code tcp://host:port}.
 * The daemon listens on these and the client dials them, so both parse them here.
 */
public sealed interface BuildkitAddress {

    /** A unix domain socket. */
    record Unix(Path path) implements BuildkitAddress {
        public Unix {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return "unix://" + path;
        }
    }

    /** A TCP endpoint. */
    record Tcp(String host, int port) implements BuildkitAddress {
        public Tcp {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
            }
        }

        /** host:port with IPv6 literals bracketed, as used for the HTTP/2 authority. */
        public String authority() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }

        @Override
        public String toString() {
            return "tcp://" + authority();
        }
    }

    /**
     * Parses an address; the message of the exception names the address and the accepted forms.
     */
    static BuildkitAddress parse(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("empty address: use unix:///path/to/buildkitd.sock or tcp://host:port");
        }
        if (address.startsWith("unix://")) {
            String path = address.substring("unix://".length());
            if (path.isEmpty() || !path.startsWith("/")) {
                throw new IllegalArgumentException("address " + address
                        + " has no absolute socket path: write unix:///absolute/path.sock (three slashes)");
            }
            return new Unix(Path.of(path));
        }
        if (address.startsWith("tcp://")) {
            return parseTcp(address, address.substring("tcp://".length()));
        }
        int scheme = address.indexOf("://");
        String what = scheme > 0 ? "scheme " + address.substring(0, scheme) + "://" : "no scheme";
        throw new IllegalArgumentException("address " + address + " has " + what
                + ": use unix:///path/to/buildkitd.sock or tcp://host:port");
    }

    private static Tcp parseTcp(String address, String hostPort) {
        int slash = hostPort.indexOf('/');
        if (slash >= 0) {
            hostPort = hostPort.substring(0, slash);
        }
        String host;
        String port;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0 || close + 1 >= hostPort.length() || hostPort.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("address " + address + " needs a port: tcp://[::1]:1234");
            }
            host = hostPort.substring(1, close);
            port = hostPort.substring(close + 2);
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("address " + address + " has no port: write tcp://"
                        + hostPort + ":1234 (buildkitd has no default TCP port)");
            }
            host = hostPort.substring(0, colon);
            port = hostPort.substring(colon + 1);
        }
        if (host.isEmpty()) {
            host = "0.0.0.0";
        }
        try {
            return new Tcp(host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address " + address + " has port '" + port
                    + "', which is not a number");
        }
    }
}
