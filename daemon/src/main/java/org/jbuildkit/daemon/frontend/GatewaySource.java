package org.jbuildkit.daemon.frontend;

import org.jbuildkit.registry.reference.ImageReference;

/**
 * The frontend image a {@code gateway.v0} request names ({@code --opt source=…}, as {@code # syntax=} does). The
 * official {@code docker/dockerfile} (and {@code docker/dockerfile-upstream}) images, any tag or digest, are served by the built-in Dockerfile frontend;
 * running any other image as a frontend is not available yet.
 */
record GatewaySource(String text, ImageReference reference) {
    private static final java.util.Set<String> OFFICIAL_REPOSITORIES = java.util.Set.of("docker/dockerfile",
            "docker/dockerfile-upstream");

    static GatewaySource parse(String text) throws FrontendException {
        if (text == null || text.isBlank()) {
            throw new FrontendException("frontend gateway.v0 needs the frontend image as --opt source=IMAGE (e.g."
                    + " --opt source=docker/dockerfile:1), or use --frontend dockerfile.v0");
        }
        try {
            return new GatewaySource(text, ImageReference.parse(text.trim()));
        } catch (IllegalArgumentException e) {
            throw new FrontendException("frontend gateway.v0: --opt source=" + text + " is not an image reference: "
                    + e.getMessage());
        }
    }

    boolean isOfficialDockerfile() {
        return reference.registry().equals(ImageReference.DOCKER_HUB)
                && OFFICIAL_REPOSITORIES.contains(reference.repository());
    }

    /** The line the build's progress shows when the built-in frontend stands in for the image. */
    String servedByBuiltInNote() {
        return "frontend image " + text + " is served by the built-in Dockerfile frontend (dockerfile.v0), not pulled";
    }
}
