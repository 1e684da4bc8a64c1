package org.jbuildkit.dockerfile;

import java.util.List;
import java.util.Map;
import org.jbuildkit.llb.Platform;

/**
 * What the converter needs besides the Dockerfile: its display name (for errors and the source map), the
 * frontend attributes exactly as the client sent them ({@code target}, {@code build-arg:K}, {@code label:K},
 * {@code platform}, {@code no-cache}, {@code context:NAME}, {@code add-hosts}, {@code image-resolve-mode}, …),
 * the context's exclude patterns (from {@code .dockerignore}), the platform the daemon runs on, and the session
 * that serves the {@code context} local.
 */
public record ConvertOptions(String filename, Map<String, String> frontendAttrs, List<String> contextExcludes,
        Platform buildPlatform, String sessionId) {
    public ConvertOptions {
        frontendAttrs = Map.copyOf(frontendAttrs);
        contextExcludes = List.copyOf(contextExcludes);
        sessionId = sessionId == null ? "" : sessionId;
    }
}
