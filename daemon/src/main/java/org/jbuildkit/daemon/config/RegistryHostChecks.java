package org.jbuildkit.daemon.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Warnings about registry sections that are valid TOML but will not do what their author meant.
 * A section applies only to image references whose host is exactly its name, so a URL, a path,
 * or a near-miss of another host ({@code local-repository} vs {@code local-repository.com},
 * another port) silently changes nothing; mirrors ignore any scheme and take their TLS/HTTP
 * settings from their own section.
 */
final class RegistryHostChecks {

    private final Map<String, TomlSection> sections;
    private final Map<String, RegistryConfig> registries;

    RegistryHostChecks(Map<String, TomlSection> sections, Map<String, RegistryConfig> registries) {
        this.sections = sections;
        this.registries = registries;
    }

    void warnAll() {
        for (Map.Entry<String, RegistryConfig> entry : registries.entrySet()) {
            String host = entry.getKey();
            RegistryConfig config = entry.getValue();
            TomlSection section = sections.get(host);
            if (host.contains("://")) {
                warnUrlName(host, config, section);
            } else if (host.contains("/")) {
                warn(section, header(host) + " never applies: a section names a host[:port], not a path; write "
                        + header(hostPort(host)) + " (a mirror may have a path: mirrors = [\"" + host + "\"])");
            } else if (!config.hasSettings() && section.tableKeysExcept(RegistrySectionParser.KEYS).isEmpty()) {
                warnEmpty(host, section);
            }
            for (String mirror : config.mirrors()) {
                warnMirror(host, mirror, section);
            }
            warnMissingFiles(host, config, section);
        }
    }

    private void warnUrlName(String host, RegistryConfig config, TomlSection section) {
        String scheme = host.substring(0, host.indexOf("://")).toLowerCase(Locale.ROOT);
        String plain = hostPort(host);
        String httpHint = scheme.equals("http") && config.http() != Tristate.TRUE ? " with http = true" : "";
        warn(section, header(host) + " is a URL; sections are matched against the host[:port] of image references, "
                + "which never has a scheme, so this one never applies; write " + header(plain) + httpHint);
    }

    private void warnEmpty(String host, TomlSection section) {
        Optional<String> similar = registries.keySet().stream()
                .filter(other -> resembles(host, other))
                .sorted((a, b) -> Boolean.compare(!registries.get(a).hasSettings(), !registries.get(b).hasSettings()))
                .findFirst();
        if (similar.isPresent()) {
            warn(section, header(host) + " has no settings and resembles " + header(similar.get()) + " (line "
                    + sections.get(similar.get()).position().line() + "); a section applies only to image references whose "
                    + "host is exactly its name, so check which of the two your images use");
        } else {
            warn(section, header(host) + " has no settings; it changes nothing");
        }
    }

    private void warnMirror(String host, String mirror, TomlSection section) {
        String mirrorHost = hostPort(mirror);
        if (mirror.contains("://")) {
            String scheme = mirror.substring(0, mirror.indexOf("://")).toLowerCase(Locale.ROOT);
            boolean plainHttp = registries.containsKey(mirrorHost) && registries.get(mirrorHost).http() == Tristate.TRUE;
            section.warn("mirrors", "mirror \"" + mirror + "\" of " + header(host) + " has a scheme, which is ignored: "
                    + "buildkitd connects to " + mirrorHost + " over " + (plainHttp ? "plain HTTP" : "HTTPS")
                    + " as set by " + header(mirrorHost) + "; write mirrors = [\"" + mirror.substring(mirror.indexOf("://") + 3)
                    + "\"]" + (scheme.equals("http") && !plainHttp ? " and [registry.\"" + mirrorHost + "\"] http = true" : ""));
            return;
        }
        if (registries.containsKey(mirrorHost)) {
            return;
        }
        registries.keySet().stream().filter(other -> !other.equals(host) && bare(other).equals(bare(mirrorHost)))
                .findFirst()
                .ifPresent(other -> section.warn("mirrors", "mirror " + mirrorHost + " takes its TLS/HTTP settings from "
                        + header(mirrorHost) + ", which does not exist; " + header(other) + " does not apply to it"));
    }

    private void warnMissingFiles(String host, RegistryConfig config, TomlSection section) {
        for (Path ca : config.ca()) {
            if (!Files.exists(ca)) {
                section.warn("ca", "CA file " + ca + " does not exist; pulls and pushes to " + host + " will fail "
                        + "until it does");
            }
        }
        for (TlsKeyPair pair : config.keypairs()) {
            for (Path file : new Path[] {pair.cert(), pair.key()}) {
                if (!Files.exists(file)) {
                    section.warn("keypair", "client certificate file " + file + " does not exist; pulls and pushes to "
                            + host + " will fail until it does");
                }
            }
        }
        for (Path dir : config.tlsConfigDirs()) {
            if (!Files.isDirectory(dir)) {
                section.warn("tlsconfigdir", "tlsconfigdir " + dir + " does not exist; no certificates are loaded from it");
            }
        }
    }

    private static void warn(TomlSection section, String message) {
        section.context().warn(section.position(), section.path(), message);
    }

    static String header(String host) {
        return "[registry." + TomlText.quote(host) + "]";
    }

    /** {@code http://h:5000/x} → {@code h:5000}. */
    static String hostPort(String name) {
        String h = name;
        int scheme = h.indexOf("://");
        if (scheme >= 0) {
            h = h.substring(scheme + 3);
        }
        int slash = h.indexOf('/');
        return slash >= 0 ? h.substring(0, slash) : h;
    }

    /** Host name without scheme, port or path, lower case. */
    static String bare(String name) {
        String h = hostPort(name);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return (end > 0 ? h.substring(1, end) : h).toLowerCase(Locale.ROOT);
        }
        int colon = h.lastIndexOf(':');
        if (colon >= 0 && h.indexOf(':') == colon) {
            h = h.substring(0, colon);
        }
        return h.toLowerCase(Locale.ROOT);
    }

    /** Differ only by scheme, port or path, by a domain suffix, or by a typo or two. */
    static boolean resembles(String a, String b) {
        if (a.equals(b)) {
            return false;
        }
        String x = bare(a);
        String y = bare(b);
        if (x.equals(y) || x.startsWith(y + ".") || y.startsWith(x + ".")) {
            return true;
        }
        return Math.min(x.length(), y.length()) >= 6 && KeySuggestions.distance(x, y) <= 2;
    }
}
