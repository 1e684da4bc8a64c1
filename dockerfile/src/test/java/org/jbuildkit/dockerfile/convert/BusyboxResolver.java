package org.jbuildkit.dockerfile.convert;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.jbuildkit.dockerfile.ImageMetaResolver;
import org.jbuildkit.dockerfile.ResolvedImage;
import org.jbuildkit.llb.ImageOptions;
import org.jbuildkit.llb.Platform;

/**
 * A fake registry for pure conversion tests: every {@code …/busybox:latest} is the busybox image the reference
 * conversions were made from (its digest, and its config as the references show it); other images are unknown.
 */
final class BusyboxResolver implements ImageMetaResolver {

    static final String DIGEST = "sha256:5edc9980c63f78dece50ede472f0ff010bf8dfa8daba4f3d18f69b5ae9552201";

    final List<String> asked = new ArrayList<>();

    static byte[] config() {
        try (InputStream in = BusyboxResolver.class.getResourceAsStream("/convert/busybox-config.json")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public ResolvedImage resolve(String ref, Platform platform, ImageOptions.ResolveMode mode)
            throws DockerfileResolveException {
        asked.add(ref);
        if (!ref.endsWith("/busybox:latest")) {
            throw new DockerfileResolveException("failed to resolve source metadata for " + ref
                    + ": not found", null);
        }
        return new ResolvedImage(ref, DIGEST, config());
    }
}
