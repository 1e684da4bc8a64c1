package org.jbuildkit.dockerfile;

/** Turns a Dockerfile into LLB and an image config (upstream's {@code dockerfile2llb}). */
public final class DockerfileConverter {

    private DockerfileConverter() {
    }

    /**
     * Parses and converts {@code dockerfile}; base images are looked up through {@code resolver}.
     *
     * @throws DockerfileException for anything the Dockerfile or the options get wrong, with its location
     */
    public static Conversion convert(byte[] dockerfile, ConvertOptions options, ImageMetaResolver resolver)
            throws DockerfileException, InterruptedException {
        throw new DockerfileException("the Dockerfile frontend is not written yet", options.filename(), dockerfile,
                java.util.List.of());
    }
}
