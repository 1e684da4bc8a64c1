package org.jbuildkit.daemon.cache.remote;

import org.jbuildkit.daemon.exporter.image.LayerCompression;

/**
 * {@code --export-cache type=local}: an OCI layout in {@code dest} on the client's machine, written through the
 * session content store the client registered as {@link #storeId()}; the client itself then tags the manifest
 * {@code tag} in the layout's index.json (from the {@code cache.manifest} response), as upstream's client does.
 */
public record LocalCacheExport(String dest, String tag, CacheExportMode mode, LayerCompression compression,
        boolean ociMediaTypes, boolean imageManifest, boolean ignoreError) implements CacheExport {

    /** The session content store id of {@code dest}: {@code local:<dest>}, as upstream's client registers it. */
    public String storeId() {
        return "local:" + dest;
    }

    /** The manifest's media type: an OCI manifest, an OCI index, or a Docker manifest list. */
    public String manifestMediaType() {
        return CacheManifests.manifestMediaType(ociMediaTypes, imageManifest);
    }
}
