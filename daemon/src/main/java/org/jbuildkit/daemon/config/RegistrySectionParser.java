package org.jbuildkit.daemon.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the {@code [registry."host[:port]"]} sections and checks them for sections that cannot apply. */
final class RegistrySectionParser {

    static final Set<String> KEYS = Set.of("mirrors", "http", "insecure", "ca", "keypair", "tlsconfigdir");

    private RegistrySectionParser() {
    }

    static Map<String, RegistryConfig> read(TomlSection top) {
        Map<String, TomlSection> sections = top.namedSections("registry");
        Map<String, RegistryConfig> registries = new LinkedHashMap<>();
        for (Map.Entry<String, TomlSection> entry : sections.entrySet()) {
            registries.put(entry.getKey(), readOne(entry.getKey(), entry.getValue()));
        }
        new RegistryHostChecks(sections, registries).warnAll();
        return registries;
    }

    private static RegistryConfig readOne(String host, TomlSection s) {
        warnUnquotedDots(host, s);
        List<TlsKeyPair> keypairs = new ArrayList<>();
        for (TomlSection pair : s.sectionArray("keypair")) {
            String key = pair.string("key").orElse("");
            String cert = pair.string("cert").orElse("");
            if (key.isEmpty() || cert.isEmpty()) {
                throw pair.context().error(pair.position(), pair.path(),
                        "a keypair needs both key and cert, found " + (key.isEmpty() ? "no key" : "no cert"),
                        "write key = \"/path/client.key\" and cert = \"/path/client.cert\" under [[" + s.keyPath("keypair") + "]]");
            }
            keypairs.add(new TlsKeyPair(Path.of(key), Path.of(cert)));
        }
        return new RegistryConfig(
                s.strings("mirrors").orElse(List.of()),
                s.tristate("http"),
                s.tristate("insecure"),
                s.strings("ca").orElse(List.of()).stream().map(Path::of).toList(),
                keypairs,
                s.strings("tlsconfigdir").orElse(List.of()).stream().map(Path::of).toList());
    }

    /** {@code [registry.docker.io]} is host "docker" with a sub-table "io": the name needs quotes. */
    private static void warnUnquotedDots(String host, TomlSection s) {
        for (String child : s.tableKeysExcept(KEYS)) {
            String full = host + "." + s.dottedTail(child);
            s.consume(child);
            s.warn(child, "[" + s.path() + "." + s.dottedTail(child) + "] is read as host \"" + host
                    + "\" with a sub-table, not as host \"" + full + "\"; quote the host: [registry.\"" + full + "\"]");
        }
    }
}
