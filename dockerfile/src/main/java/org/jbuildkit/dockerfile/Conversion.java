package org.jbuildkit.dockerfile;

import java.util.List;
import org.jbuildkit.api.pb.Definition;

/**
 * What a Dockerfile became: the LLB definition of the target stage (with the Dockerfile as its source map, so a
 * failing step points at its line), the image config JSON for the exporter (Docker's format, history included),
 * the build checks' findings, and notes for the progress stream (e.g. that {@code # syntax=docker/dockerfile:1}
 * is served by the built-in frontend).
 */
public record Conversion(Definition definition, byte[] imageConfig, List<BuildCheck> checks, List<String> notes) {
    public Conversion {
        imageConfig = imageConfig.clone();
        checks = List.copyOf(checks);
        notes = List.copyOf(notes);
    }

    @Override
    public byte[] imageConfig() {
        return imageConfig.clone();
    }
}
