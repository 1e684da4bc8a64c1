package org.jbuildkit.daemon.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jbuildkit.daemon.config.EffectiveConfig;
import org.jbuildkit.daemon.config.RegistryConfig;
import org.jbuildkit.daemon.config.Tristate;
import org.jbuildkit.registry.hosts.HostSetting;
import org.jbuildkit.registry.hosts.RegistryHostConfig;
import org.jbuildkit.registry.hosts.RegistryHosts;

/**
 * Turns the daemon's {@code [registry."host"]} sections into the registry module's host settings,
 * keeping where each section came from ({@code buildkitd.toml:3}) for diagnostics.
 */
public final class DaemonRegistryHosts {
    private DaemonRegistryHosts() {
    }

    public static RegistryHosts from(EffectiveConfig effective) {
        Map<String, RegistryHostConfig> sections = new LinkedHashMap<>();
        effective.config().registries().forEach((host, section) ->
                sections.put(host, convert(section, source(effective, host))));
        return RegistryHosts.of(sections);
    }

    static RegistryHostConfig convert(RegistryConfig section, String source) {
        return RegistryHostConfig.section(source)
                .withMirrors(section.mirrors())
                .withHttp(setting(section.http()))
                .withInsecure(setting(section.insecure()))
                .withCa(section.ca())
                .withKeypairs(section.keypairs().stream()
                        .map(pair -> new RegistryHostConfig.KeyPair(pair.cert(), pair.key())).toList())
                .withTlsConfigDirs(section.tlsConfigDirs());
    }

    private static HostSetting setting(Tristate value) {
        return switch (value) {
            case TRUE -> HostSetting.TRUE;
            case FALSE -> HostSetting.FALSE;
            case UNSET -> HostSetting.UNSET;
        };
    }

    private static String source(EffectiveConfig effective, String host) {
        var source = effective.provenance().sourceOf("registry.\"" + host + "\"");
        return source == null ? "buildkitd.toml" : source.describe();
    }
}
