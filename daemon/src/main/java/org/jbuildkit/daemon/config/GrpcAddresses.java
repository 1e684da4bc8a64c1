package org.jbuildkit.daemon.config;

import java.util.Optional;

/** Checks listen addresses the way upstream's listener setup will read them. */
final class GrpcAddresses {

    static final String FIX = "use unix:///path/to/buildkitd.sock, tcp://host:port or fd://";

    private GrpcAddresses() {
    }

    /** What is wrong with {@code address}, if anything. */
    static Optional<String> problem(String address) {
        int separator = address.indexOf("://");
        if (separator < 0) {
            return Optional.of("address " + TomlText.quote(address) + " has no scheme; did you mean unix://" + address + "?");
        }
        String scheme = address.substring(0, separator);
        String rest = address.substring(separator + 3);
        return switch (scheme) {
            case "unix", "fd" -> Optional.empty();
            case "tcp" -> rest.contains(":") ? Optional.empty()
                    : Optional.of("address " + TomlText.quote(address) + " has no port (tcp://host:port)");
            case "npipe" -> Optional.of("address " + TomlText.quote(address) + ": named pipes exist only on Windows");
            default -> Optional.of("address " + TomlText.quote(address) + " is not supported (scheme " + scheme + ")");
        };
    }
}
