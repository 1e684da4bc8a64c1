package org.jbuildkit.daemon.cache.remote;

import org.jbuildkit.daemon.exporter.image.LayerCompression;
import org.jbuildkit.registry.reference.ImageReference;

/**
 * {@code --export-cache type=registry}: the cache manifest pushed to {@code ref} (tag defaulted to {@code latest}).
 *
 * @param insecure {@code registry.insecure=true}: unverified HTTPS, then plain HTTP, for this push
 * @param compression {@code compression}, {@code compression-level}, {@code force-compression} for new layer blobs
 */
public record RegistryCacheExport(ImageReference ref, CacheExportMode mode, boolean insecure,
        LayerCompression compression, boolean ociMediaTypes, boolean imageManifest, boolean ignoreError)
        implements CacheExport {

    /** The manifest's media type: an OCI manifest, an OCI index, or a Docker manifest list. */
    public String manifestMediaType() {
        return CacheManifests.manifestMediaType(ociMediaTypes, imageManifest);
    }
}
