package org.jbuildkit.daemon.config;

/** {@code [frontend."…"]} sections. */
public record FrontendsConfig(DockerfileFrontendConfig dockerfile, GatewayFrontendConfig gateway) {
}
