package org.jbuildkit.daemon.config;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code [registry."host[:port]"]}: how the daemon reaches one registry host. The section applies
 * to image references whose host part is exactly the section's name ({@code docker.io} stands for
 * Docker Hub); mirrors take their TLS/HTTP settings from their own sections.
 *
 * @param mirrors {@code host[:port][/path]} entries tried before the registry, for pulls only
 * @param http plain HTTP; unset means HTTPS except for loopback hosts
 * @param insecure HTTPS without verifying the certificate (with {@code http}: falls back to HTTP)
 * @param ca extra CA certificates, added to the system pool
 * @param keypairs client certificates
 * @param tlsConfigDirs directories of {@code *.crt} CAs and {@code <name>.cert}/{@code <name>.key} pairs
 */
public record RegistryConfig(
        List<String> mirrors,
        Tristate http,
        Tristate insecure,
        List<Path> ca,
        List<TlsKeyPair> keypairs,
        List<Path> tlsConfigDirs) {

    public RegistryConfig {
        mirrors = List.copyOf(mirrors);
        ca = List.copyOf(ca);
        keypairs = List.copyOf(keypairs);
        tlsConfigDirs = List.copyOf(tlsConfigDirs);
    }

    /** Whether the section sets anything at all. */
    public boolean hasSettings() {
        return !mirrors.isEmpty() || http.isSet() || insecure.isSet() || !ca.isEmpty()
                || !keypairs.isEmpty() || !tlsConfigDirs.isEmpty();
    }
}
