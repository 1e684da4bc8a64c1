package org.jbuildkit.daemon.cache.remote;

import java.util.List;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.MediaTypes;

/**
 * What a manifest read at a cache ref turned out to be: a BuildKit cache (an image manifest whose config, or an
 * index one of whose entries, is the cache config), or an image, whose config may hold an inline cache.
 */
public sealed interface ParsedManifest {

    /** The manifest's own media type. */
    String mediaType();

    /**
     * This manifest as a cache, or an error for an image that says what it is and what to do.
     *
     * @param ref the reference it was read from, for the message
     */
    default CacheManifest requireCache(String ref) {
        if (this instanceof CacheManifest cache) {
            return cache;
        }
        if (this instanceof ImageManifest image) {
            throw new CacheFormatException("ref " + ref + " is not a BuildKit cache manifest: it is an image ("
                    + image.mediaType() + " with config " + image.config().mediaType() + ") with no inline cache."
                    + " Export a cache there with --export-cache type=registry,ref=" + ref + ", or push the image"
                    + " from a build with --export-cache type=inline");
        }
        ImageIndex index = (ImageIndex) this;
        throw new CacheFormatException("ref " + ref + " is not a BuildKit cache manifest: it is an image index ("
                + index.mediaType() + ", " + index.manifests().size() + " manifests) with no "
                + MediaTypes.BUILDKIT_CACHE_CONFIG + " entry. Export a cache there with --export-cache"
                + " type=registry,ref=" + ref);
    }

    /**
     * A cache manifest, either form.
     *
     * @param config the cache config blob's descriptor
     * @param layers the layer blobs' descriptors, in manifest order (annotations such as
     *        {@code containerd.io/uncompressed} kept)
     */
    record CacheManifest(String mediaType, Descriptor config, List<Descriptor> layers) implements ParsedManifest {
        public CacheManifest {
            layers = List.copyOf(layers);
        }
    }

    /** An image manifest whose config is an image config (inline cache may be in it under moby.buildkit.cache.v0). */
    record ImageManifest(String mediaType, Descriptor config, List<Descriptor> layers) implements ParsedManifest {
        public ImageManifest {
            layers = List.copyOf(layers);
        }
    }

    /** An image index or manifest list without a cache config entry: its image manifests may carry inline cache. */
    record ImageIndex(String mediaType, List<Descriptor> manifests) implements ParsedManifest {
        public ImageIndex {
            manifests = List.copyOf(manifests);
        }
    }
}
