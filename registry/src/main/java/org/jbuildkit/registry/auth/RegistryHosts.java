package org.jbuildkit.registry.auth;

import java.util.Locale;
import java.util.Set;

/** How Docker names a registry host in {@code config.json} keys and credential helper requests. */
final class RegistryHosts {

    /** The key under which {@code docker login} stores Docker Hub credentials. */
    static final String DOCKER_HUB_CONFIG_KEY = "https://index.docker.io/v1/";

    private static final Set<String> DOCKER_HUB_ALIASES = Set.of("docker.io", "index.docker.io", "registry-1.docker.io");

    private RegistryHosts() {}

    /** {@code https://host:port/v1/}, {@code http://host:port} and {@code host:port} all become {@code host:port}. */
    static String normalize(String keyOrHost) {
        String s = keyOrHost.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://")) {
            s = s.substring("https://".length());
        } else if (lower.startsWith("http://")) {
            s = s.substring("http://".length());
        }
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(0, slash);
        }
        s = s.toLowerCase(Locale.ROOT);
        return DOCKER_HUB_ALIASES.contains(s) ? "index.docker.io" : s;
    }

    static boolean isDockerHub(String host) {
        return normalize(host).equals("index.docker.io");
    }

    /** The server URL Docker uses for {@code host}: the Docker Hub key, or the host itself. */
    static String serverUrl(String host) {
        return isDockerHub(host) ? DOCKER_HUB_CONFIG_KEY : host;
    }

    /** The host a user types in {@code docker login}: {@code docker.io} needs none. */
    static String loginCommand(String host) {
        return isDockerHub(host) ? "docker login" : "docker login " + host;
    }
}
