package org.jbuildkit.daemon.config;

import java.time.Duration;

/**
 * {@code [system]}.
 *
 * @param platformsCacheMaxAge how long the list of emulated platforms is cached before rescanning
 * @param maxRegistryConcurrency concurrent connections per registry (always positive)
 */
public record SystemConfig(Duration platformsCacheMaxAge, int maxRegistryConcurrency) {
}
