package org.jbuildkit.daemon.config;

/** {@code [frontend."dockerfile.v0"]}: whether the built-in Dockerfile frontend is served. */
public record DockerfileFrontendConfig(boolean enabled) {
}
