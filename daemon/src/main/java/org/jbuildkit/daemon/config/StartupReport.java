package org.jbuildkit.daemon.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The few lines the daemon logs at start so that "why does it still use HTTPS?" is answered by
 * the log: which config file was read (or that none was found, and where it was looked for),
 * which flags overrode it, and what each registry section will make the daemon do.
 */
final class StartupReport {

    private final EffectiveConfig effective;
    private final Provenance provenance;

    private StartupReport(EffectiveConfig effective) {
        this.effective = effective;
        this.provenance = effective.provenance();
    }

    static List<String> lines(EffectiveConfig effective) {
        return new StartupReport(effective).lines();
    }

    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(effective.configFile().describe());
        Set<String> flags = new LinkedHashSet<>();
        for (ValueSource source : provenance.entries().values()) {
            if (source instanceof ValueSource.Flag flag) {
                flags.add(flag.flag());
            }
        }
        if (!flags.isEmpty()) {
            lines.add("flags override the file: " + String.join(", ", flags));
        }
        if (!effective.warnings().isEmpty()) {
            lines.add(effective.warnings().size() + " warning" + (effective.warnings().size() > 1 ? "s" : "")
                    + " about the config file (logged separately)");
        }
        if (effective.config().registries().isEmpty() && effective.configFile().read()) {
            lines.add("no [registry.\"host\"] sections: HTTPS for every registry, plain HTTP for loopback hosts");
        }
        for (Map.Entry<String, RegistryConfig> entry : effective.config().registries().entrySet()) {
            lines.add(registryLine(entry.getKey(), entry.getValue()));
        }
        return List.copyOf(lines);
    }

    private String registryLine(String host, RegistryConfig config) {
        String name = host.equals("docker.io") ? "docker.io (registry-1.docker.io)" : host;
        if (host.contains("://") || host.contains("/")) {
            return "registry " + host + ": never applies (a section name must be host[:port])";
        }
        List<String> parts = new ArrayList<>();
        parts.add(transport(host, config));
        if (!config.ca().isEmpty()) {
            parts.add("extra CAs " + paths(config.ca()) + " (" + source(host, "ca") + ")");
        }
        if (!config.keypairs().isEmpty()) {
            parts.add("client certificates " + paths(config.keypairs().stream().map(TlsKeyPair::cert).toList())
                    + " (" + source(host, "keypair[0]") + ")");
        }
        if (!config.tlsConfigDirs().isEmpty()) {
            parts.add("certificates from " + paths(config.tlsConfigDirs()) + " (" + source(host, "tlsconfigdir") + ")");
        }
        parts.add("mirrors: " + (config.mirrors().isEmpty() ? "none" : config.mirrors().stream()
                .map(this::mirror).collect(Collectors.joining(", "))));
        return "registry " + name + ": " + String.join("; ", parts);
    }

    private String transport(String host, RegistryConfig config) {
        String http = config.http().isSet()
                ? "http = " + config.http().orElse(false) + ", " + source(host, "http")
                : RegistryTransport.isLoopback(host) ? "http unset; loopback hosts default to it" : "http unset";
        String insecure = "insecure = true, " + source(host, "insecure");
        return switch (RegistryTransport.of(host, config)) {
            case HTTP -> "plain HTTP (" + http + ")";
            case HTTPS -> "HTTPS" + (config.http().isSet() ? " (" + http + ")" : "");
            case HTTPS_UNVERIFIED -> "HTTPS; TLS verification off (" + insecure + ")";
            case HTTPS_UNVERIFIED_THEN_HTTP -> "plain HTTP (" + http + "); TLS verification off (" + insecure
                    + "): tries HTTPS without verification first, then plain HTTP";
        };
    }

    /** A mirror is reached with the settings of its own section, not those of the registry it mirrors. */
    private String mirror(String mirror) {
        String host = RegistryHostChecks.hostPort(mirror);
        RegistryConfig own = effective.config().registries().get(host);
        if (own == null) {
            return mirror + " (" + RegistryTransport.of(host, noSettings()).describe() + ", no section of its own)";
        }
        return mirror + " (" + RegistryTransport.of(host, own).describe() + ", from " + RegistryHostChecks.header(host) + ")";
    }

    private String source(String host, String key) {
        return provenance.sourceOf("registry." + TomlText.quoteIfNeeded(host) + "." + key).describe();
    }

    private static String paths(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(", "));
    }

    private static RegistryConfig noSettings() {
        return new RegistryConfig(List.of(), Tristate.UNSET, Tristate.UNSET, List.of(), List.of(), List.of());
    }
}
