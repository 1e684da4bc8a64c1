package org.jbuildkit.daemon.config;

import java.nio.file.Path;

/** {@code [otel]}: the unix socket on which the daemon accepts OpenTelemetry traces from clients. */
public record OtelConfig(Path socketPath) {
}
