package org.jbuildkit.dockerfile.convert;

import java.util.HashMap;
import java.util.Map;
import org.jbuildkit.dockerfile.ImageMetaResolver;
import org.jbuildkit.dockerfile.ResolvedImage;
import org.jbuildkit.llb.ImageOptions;
import org.jbuildkit.llb.Platform;

/** The build's {@link ImageMetaResolver}, asked once per image and platform however often a conversion needs it. */
final class BaseImageResolver {

    private final ImageMetaResolver resolver;
    private final Map<String, ResolvedImage> cache = new HashMap<>();

    BaseImageResolver(ImageMetaResolver resolver) {
        this.resolver = resolver;
    }

    ResolvedImage resolve(String ref, Platform platform, ImageOptions.ResolveMode mode)
            throws ImageMetaResolver.DockerfileResolveException, InterruptedException {
        String key = ref + "|" + platform + "|" + mode;
        ResolvedImage r = cache.get(key);
        if (r == null) {
            r = resolver.resolve(ref, platform, mode);
            cache.put(key, r);
        }
        return r;
    }
}
