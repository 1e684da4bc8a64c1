package org.jbuildkit.daemon.cache.remote;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jbuildkit.api.Identity;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.ThrottledStatus;
import org.jbuildkit.daemon.worker.content.LocalContentStore;
import org.jbuildkit.daemon.worker.metadata.LayerBlob;
import org.jbuildkit.daemon.worker.metadata.LayerBlobIndex;
import org.jbuildkit.daemon.worker.snapshot.LayerApplier;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;
import org.jbuildkit.registry.image.Digest;

/**
 * Turns the layers of an imported cache result into a snapshot chain: each blob the content store lacks is
 * downloaded from the cache's storage, verified, and applied on the one below; a chain unpacked before (same diff
 * IDs from the base up) is reused. Each layer's blob is remembered for its snapshot, so exporting the result again
 * (an image push, the next cache export) sends the same blob instead of making a new one.
 */
public final class ImportedLayers {
    private final LocalContentStore content;
    private final Snapshotter snapshotter;
    private final LayerBlobIndex blobs;
    private final Clock clock;
    private final Map<Digest, SnapshotId> chains = new ConcurrentHashMap<>();

    public ImportedLayers(LocalContentStore content, Snapshotter snapshotter, LayerBlobIndex blobs, Clock clock) {
        this.content = content;
        this.snapshotter = snapshotter;
        this.blobs = blobs;
        this.clock = clock;
    }

    /** The snapshot of {@code layers} (base first), downloading from {@code storage} what is missing. */
    public SnapshotId unpack(List<LayerBlob> layers, CacheStorage storage, ExecContext context) throws IOException {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a cached result has no layers");
        }
        SnapshotId parent = null;
        Digest chain = null;
        for (LayerBlob layer : layers) {
            chain = chain == null ? layer.diffId() : Digest.sha256((chain + " " + layer.diffId())
                    .getBytes(StandardCharsets.UTF_8));
            SnapshotId known = chains.get(chain);
            if (known != null && live(known)) {
                parent = known;
                continue;
            }
            if (context.cancelled()) {
                throw new java.util.concurrent.CancellationException("the build was cancelled");
            }
            download(layer, storage, context);
            ThrottledStatus extracting = ThrottledStatus.start(context, clock, "extracting " + layer.blob().digest(),
                    "extracting", 0);
            try (InputStream in = content.open(layer.blob().digest())) {
                parent = LayerApplier.unpack(snapshotter, "cache-" + chain.hex().substring(0, 20) + "-"
                        + Identity.newId(), parent, layer.blob(), layer.diffId(), in);
            }
            extracting.complete(0);
            blobs.record(parent, layer);
            chains.put(chain, parent);
        }
        return parent;
    }

    private void download(LayerBlob layer, CacheStorage storage, ExecContext context) throws IOException {
        if (content.exists(layer.blob().digest())) {
            return;
        }
        ThrottledStatus status = ThrottledStatus.start(context, clock, layer.blob().digest().toString(), "",
                layer.blob().size());
        storage.fetchBlob(layer.blob(), content.blobPath(layer.blob().digest()));
        status.complete(layer.blob().size());
    }

    private boolean live(SnapshotId snapshot) {
        try {
            snapshotter.parent(snapshot);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
