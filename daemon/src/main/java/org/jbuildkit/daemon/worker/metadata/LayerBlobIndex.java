package org.jbuildkit.daemon.worker.metadata;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;

/**
 * The compressed blobs known to hold a committed snapshot's own layer: the blob a pulled layer was unpacked
 * from, and each blob an exporter made from the snapshot's diff. Exporters reuse them so a pulled layer is
 * never recompressed and a layer is compressed once per compression. Kept for the daemon's lifetime only:
 * snapshot IDs never repeat within one run, but may after a restart, so nothing of it is persisted.
 */
public final class LayerBlobIndex {
    private final Map<SnapshotId, List<LayerBlob>> bySnapshot = new ConcurrentHashMap<>();

    /** Remembers that {@code blob} is the layer of {@code snapshot}. */
    public void record(SnapshotId snapshot, LayerBlob blob) {
        List<LayerBlob> blobs = bySnapshot.computeIfAbsent(snapshot, s -> new CopyOnWriteArrayList<>());
        if (blobs.stream().noneMatch(b -> b.blob().digest().equals(blob.blob().digest()))) {
            blobs.add(blob);
        }
    }

    /** The blobs known for {@code snapshot}, the first recorded first. */
    public List<LayerBlob> blobs(SnapshotId snapshot) {
        return List.copyOf(bySnapshot.getOrDefault(snapshot, List.of()));
    }
}
