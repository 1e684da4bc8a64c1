package org.jbuildkit.registry.image;

import java.util.List;
import java.util.Set;

/** The OCI and Docker media types of manifests, indexes, configs and layers. */
public final class MediaTypes {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    public static final String OCI_LAYER_NONDISTRIBUTABLE = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_GZIP =
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_ZSTD =
            "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public static final String DOCKER_LAYER_FOREIGN_GZIP = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
    public static final String DOCKER_LAYER_ZSTD = "application/vnd.docker.image.rootfs.diff.tar.zstd";

    public static final String BUILDKIT_CACHE_CONFIG = "application/vnd.buildkit.cacheconfig.v0";

    /** What we accept when resolving a reference: indexes first, then single manifests. */
    public static final List<String> MANIFEST_ACCEPT = List.of(OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST,
            DOCKER_MANIFEST);

    private static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);
    private static final Set<String> MANIFESTS = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);
    private static final Set<String> NON_DISTRIBUTABLE = Set.of(OCI_LAYER_NONDISTRIBUTABLE,
            OCI_LAYER_NONDISTRIBUTABLE_GZIP, OCI_LAYER_NONDISTRIBUTABLE_ZSTD, DOCKER_LAYER_FOREIGN_GZIP);

    private MediaTypes() {
    }

    public static boolean isIndex(String mediaType) {
        return INDEXES.contains(mediaType);
    }

    public static boolean isManifest(String mediaType) {
        return MANIFESTS.contains(mediaType);
    }

    /** Layers that registries may refuse to store (foreign / non-distributable); never pushed. */
    public static boolean isNonDistributable(String mediaType) {
        return NON_DISTRIBUTABLE.contains(mediaType);
    }

    /** The compression a layer media type declares. */
    public static Compression compressionOf(String layerMediaType) {
        if (layerMediaType.endsWith("+gzip") || layerMediaType.endsWith(".tar.gzip")) {
            return Compression.GZIP;
        }
        if (layerMediaType.endsWith("+zstd") || layerMediaType.endsWith(".tar.zstd")) {
            return Compression.ZSTD;
        }
        return Compression.UNCOMPRESSED;
    }

    /** The layer media type for a compression, in OCI or Docker flavour. */
    public static String layerType(Compression compression, boolean oci) {
        return switch (compression) {
            case GZIP -> oci ? OCI_LAYER_GZIP : DOCKER_LAYER_GZIP;
            case ZSTD -> oci ? OCI_LAYER_ZSTD : DOCKER_LAYER_ZSTD;
            case UNCOMPRESSED -> OCI_LAYER;
        };
    }

    /** Layer compression. */
    public enum Compression {
        UNCOMPRESSED, GZIP, ZSTD
    }
}
