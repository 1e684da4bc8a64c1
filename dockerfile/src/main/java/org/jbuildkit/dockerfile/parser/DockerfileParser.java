package org.jbuildkit.dockerfile.parser;

import org.jbuildkit.dockerfile.DockerfileException;

/** Parses Dockerfile text into instructions, as upstream's {@code frontend/dockerfile/parser}. */
public final class DockerfileParser {

    private DockerfileParser() {
    }

    /**
     * Parses {@code source} (UTF-8, an optional BOM); {@code filename} is only used in messages.
     *
     * @throws DockerfileException naming {@code filename:line:column} with the offending line and a caret
     */
    public static ParsedDockerfile parse(byte[] source, String filename) throws DockerfileException {
        throw new DockerfileException("the Dockerfile parser is not written yet", filename, source,
                java.util.List.of());
    }
}
