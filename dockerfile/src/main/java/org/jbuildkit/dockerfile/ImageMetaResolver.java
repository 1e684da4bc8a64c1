package org.jbuildkit.dockerfile;

import org.jbuildkit.llb.ImageOptions;
import org.jbuildkit.llb.Platform;

/**
 * Looks up a base image's digest and config for the converter (upstream's {@code ResolveImageConfig}); the daemon
 * implements it with its registry client and the build's session, tests with fixed answers. The converter stays free
 * of I/O.
 */
public interface ImageMetaResolver {

    /**
     * Resolves {@code ref} (as the Dockerfile names it, after variable expansion) for {@code platform}.
     *
     * @throws DockerfileResolveException when the image cannot be resolved, with the registry's diagnosis
     */
    ResolvedImage resolve(String ref, Platform platform, ImageOptions.ResolveMode mode)
            throws DockerfileResolveException, InterruptedException;

    /** Why an image could not be resolved; the converter adds the Dockerfile location. */
    class DockerfileResolveException extends Exception {
        public DockerfileResolveException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
