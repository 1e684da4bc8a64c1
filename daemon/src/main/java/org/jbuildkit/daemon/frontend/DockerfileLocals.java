package org.jbuildkit.daemon.frontend;

import java.util.Map;

/**
 * Where the Dockerfile frontend finds its files, from the request's attributes as upstream's {@code dockerui}:
 * {@code filename} (default {@code Dockerfile}, also a path inside the dockerfile local), and the names of the
 * locals holding the Dockerfile ({@code dockerfilekey}, default {@code dockerfile}) and the build context
 * ({@code contextkey}, default {@code context}).
 */
record DockerfileLocals(String filename, String dockerfileLocal, String contextLocal) {
    static final String DEFAULT_FILENAME = "Dockerfile";

    static DockerfileLocals from(Map<String, String> attrs) {
        String filename = attrs.getOrDefault("filename", "");
        return new DockerfileLocals(filename.isEmpty() ? DEFAULT_FILENAME : filename,
                nonEmpty(attrs.get("dockerfilekey"), "dockerfile"), nonEmpty(attrs.get("contextkey"), "context"));
    }

    /** The ignore file that belongs to this Dockerfile alone ({@code my-app.docker.dockerignore}). */
    String ownDockerignore() {
        return filename + ".dockerignore";
    }

    /** Upstream also accepts {@code dockerfile} where {@code Dockerfile} is the name (moby/moby#10858). */
    String lowerCaseVariant() {
        int slash = filename.lastIndexOf('/');
        String base = filename.substring(slash + 1);
        return base.equals(DEFAULT_FILENAME) ? filename.substring(0, slash + 1) + "dockerfile" : null;
    }

    private static String nonEmpty(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
