package org.jbuildkit.daemon.config;

import java.util.List;

/**
 * {@code [dns]}: the resolv.conf given to build containers. Empty lists keep the host's
 * settings.
 */
public record DnsConfig(List<String> nameservers, List<String> options, List<String> searchDomains) {

    public DnsConfig {
        nameservers = List.copyOf(nameservers);
        options = List.copyOf(options);
        searchDomains = List.copyOf(searchDomains);
    }

    public boolean isEmpty() {
        return nameservers.isEmpty() && options.isEmpty() && searchDomains.isEmpty();
    }
}
