package org.jbuildkit.registry.hosts;

/** A registry host split as Go's {@code net.SplitHostPort} would; {@code port} is 0 when absent. */
record HostPort(String name, int port) {

    static HostPort parse(String host) {
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            String name = host.substring(1, close < 0 ? host.length() : close);
            int port = close >= 0 && host.length() > close + 2 && host.charAt(close + 1) == ':'
                    ? parsePort(host.substring(close + 2)) : 0;
            return new HostPort(name, port);
        }
        int colon = host.indexOf(':');
        if (colon < 0 || host.indexOf(':', colon + 1) >= 0) {
            // No port, or a bare IPv6 address such as ::1.
            return new HostPort(host, 0);
        }
        return new HostPort(host.substring(0, colon), parsePort(host.substring(colon + 1)));
    }

    /** Upstream's {@code docker.MatchLocalhost}: {@code localhost}, 127.0.0.0/8 or ::1, any port. */
    boolean isLocalhost() {
        if (name.equals("localhost")) {
            return true;
        }
        if (name.equals("::1") || name.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        String[] octets = name.split("\\.", -1);
        if (octets.length != 4 || !octets[0].equals("127")) {
            return false;
        }
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    /** True for an IPv4 literal or anything with a colon (IPv6); these get no SNI. */
    boolean isIpLiteral() {
        return name.contains(":") || name.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    }

    private static int parsePort(String port) {
        try {
            int value = Integer.parseInt(port);
            return value > 0 && value < 65536 ? value : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
