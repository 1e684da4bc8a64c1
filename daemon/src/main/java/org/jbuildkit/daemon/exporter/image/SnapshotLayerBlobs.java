package org.jbuildkit.daemon.exporter.image;

import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jbuildkit.daemon.worker.metadata.LayerBlob;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;

/**
 * The layer blobs of a snapshot chain for exports other than images (the remote cache): the same blobs an image
 * export makes or reuses, one per snapshot, base first.
 */
public final class SnapshotLayerBlobs {
    private final ImageLayers layers;

    SnapshotLayerBlobs(ImageLayers layers) {
        this.layers = layers;
    }

    /** The blobs of {@code top} and the snapshots below it, base first, in the store once this returns. */
    public List<LayerBlob> of(SnapshotId top, LayerCompression compression, BooleanSupplier cancelled)
            throws IOException {
        return layers.blobs(layers.chain(top), compression, cancelled);
    }
}
