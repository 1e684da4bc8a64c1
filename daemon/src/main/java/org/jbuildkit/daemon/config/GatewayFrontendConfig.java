package org.jbuildkit.daemon.config;

import java.util.List;

/**
 * {@code [frontend."gateway.v0"]}: whether frontend images may be used, and which repositories
 * (compared without tag); an empty list allows all.
 */
public record GatewayFrontendConfig(boolean enabled, List<String> allowedRepositories) {

    public GatewayFrontendConfig {
        allowedRepositories = List.copyOf(allowedRepositories);
    }
}
