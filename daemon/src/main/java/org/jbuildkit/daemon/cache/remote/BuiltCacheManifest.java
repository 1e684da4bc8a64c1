package org.jbuildkit.daemon.cache.remote;

import java.util.List;
import org.jbuildkit.registry.image.Descriptor;

/**
 * A cache manifest ready to store: the config blob and its descriptor, the layer descriptors it names, and the
 * manifest bytes. Store the layer blobs and {@link #configBlob} first, the manifest last.
 */
public record BuiltCacheManifest(String mediaType, byte[] manifest, Descriptor config, byte[] configBlob,
        List<Descriptor> layers) {

    public BuiltCacheManifest {
        manifest = manifest.clone();
        configBlob = configBlob.clone();
        layers = List.copyOf(layers);
    }

    @Override
    public byte[] manifest() {
        return manifest.clone();
    }

    @Override
    public byte[] configBlob() {
        return configBlob.clone();
    }
}
