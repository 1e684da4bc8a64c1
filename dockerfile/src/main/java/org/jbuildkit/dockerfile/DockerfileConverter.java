package org.jbuildkit.dockerfile;

import org.jbuildkit.dockerfile.convert.DockerfileToLlb;

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
        return DockerfileToLlb.convert(dockerfile, options, resolver);
    }
}
