package org.jbuildkit.registry.hosts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One {@code [registry."host"]} section of {@code buildkitd.toml}, as the registry layer sees it. The daemon maps
 * its parsed configuration into these; {@link #source} says where the section came from ("buildkitd.toml:3",
 * "registry.insecure=true on the output", or {@link #DEFAULTS} when the host has no section).
 */
public record RegistryHostConfig(
        List<String> mirrors,
        HostSetting http,
        HostSetting insecure,
        List<Path> ca,
        List<KeyPair> keypairs,
        List<Path> tlsConfigDirs,
        String source) {

    /** The {@link #source} of the settings used for a host without a section. */
    public static final String DEFAULTS = "defaults";

    /** One {@code [[registry."host".keypair]]}: a PEM client certificate and its PEM private key. */
    public record KeyPair(Path cert, Path key) {
        public KeyPair {
            Objects.requireNonNull(cert, "cert");
            Objects.requireNonNull(key, "key");
        }
    }

    public RegistryHostConfig {
        mirrors = List.copyOf(mirrors);
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(insecure, "insecure");
        ca = List.copyOf(ca);
        keypairs = List.copyOf(keypairs);
        tlsConfigDirs = List.copyOf(tlsConfigDirs);
        Objects.requireNonNull(source, "source");
    }

    /** What a host without a section gets: HTTPS, or plain HTTP for localhost. */
    public static RegistryHostConfig defaults() {
        return new RegistryHostConfig(List.of(), HostSetting.UNSET, HostSetting.UNSET, List.of(), List.of(), List.of(),
                DEFAULTS);
    }

    /** An empty section from {@code source}; add keys with the {@code with…} methods. */
    public static RegistryHostConfig section(String source) {
        return new RegistryHostConfig(List.of(), HostSetting.UNSET, HostSetting.UNSET, List.of(), List.of(), List.of(),
                source);
    }

    public RegistryHostConfig withMirrors(List<String> value) {
        return new RegistryHostConfig(value, http, insecure, ca, keypairs, tlsConfigDirs, source);
    }

    public RegistryHostConfig withHttp(HostSetting value) {
        return new RegistryHostConfig(mirrors, value, insecure, ca, keypairs, tlsConfigDirs, source);
    }

    public RegistryHostConfig withInsecure(HostSetting value) {
        return new RegistryHostConfig(mirrors, http, value, ca, keypairs, tlsConfigDirs, source);
    }

    public RegistryHostConfig withCa(List<Path> value) {
        return new RegistryHostConfig(mirrors, http, insecure, value, keypairs, tlsConfigDirs, source);
    }

    public RegistryHostConfig withKeypairs(List<KeyPair> value) {
        return new RegistryHostConfig(mirrors, http, insecure, ca, value, tlsConfigDirs, source);
    }

    public RegistryHostConfig withTlsConfigDirs(List<Path> value) {
        return new RegistryHostConfig(mirrors, http, insecure, ca, keypairs, value, source);
    }

    /** True when the host has no section of its own. */
    public boolean isDefaults() {
        return DEFAULTS.equals(source);
    }

    /**
     * The settings as a reader of {@code buildkitd.toml} would write them, for messages:
     * {@code [registry."h:5000"] http = true, ca = ["/ca.pem"] (buildkitd.toml:3)}, or
     * {@code no [registry."h:5000"] section} for defaults.
     */
    public String describe(String sectionKey) {
        String header = "[registry.\"" + sectionKey + "\"]";
        if (isDefaults()) {
            return "no " + header + " section";
        }
        List<String> keys = new ArrayList<>();
        if (!mirrors.isEmpty()) {
            keys.add("mirrors = " + quoted(mirrors));
        }
        if (http.isSet()) {
            keys.add("http = " + http.isTrue());
        }
        if (insecure.isSet()) {
            keys.add("insecure = " + insecure.isTrue());
        }
        if (!ca.isEmpty()) {
            keys.add("ca = " + quoted(ca.stream().map(Path::toString).toList()));
        }
        for (KeyPair pair : keypairs) {
            keys.add("keypair = {cert = \"" + pair.cert() + "\", key = \"" + pair.key() + "\"}");
        }
        if (!tlsConfigDirs.isEmpty()) {
            keys.add("tlsconfigdir = " + quoted(tlsConfigDirs.stream().map(Path::toString).toList()));
        }
        return header + " " + (keys.isEmpty() ? "(empty)" : String.join(", ", keys)) + " from " + source;
    }

    private static String quoted(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }
}
