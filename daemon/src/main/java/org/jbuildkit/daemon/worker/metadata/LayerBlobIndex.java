package org.jbuildkit.daemon.worker.metadata;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compressed blobs known to hold a committed snapshot's own layer: the blob a pulled layer was unpacked
 * from, and each blob an exporter made from the snapshot's diff. Exporters reuse them so a pulled layer is
 * never recompressed and a layer is compressed once per compression.
 *
 * <p>When persistent, each snapshot's list is also kept in {@code <root>/snapshots/<id>/layer-blobs.json}, beside
 * the snapshot's own files, with the registry repository a pulled blob came from, so it survives a restart (a cached image step is not pulled again) and goes with the
 * snapshot when that is removed: an ID given again after a restart starts without one. Blobs themselves may be
 * gone from the content store (garbage collected); callers check before use.
 */
public final class LayerBlobIndex {
    private static final Logger LOG = LoggerFactory.getLogger(LayerBlobIndex.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE = "layer-blobs.json";

    private final Path snapshots;
    private final Map<SnapshotId, List<LayerBlob>> bySnapshot = new ConcurrentHashMap<>();
    private final Map<Digest, BlobSource> sources = new ConcurrentHashMap<>();

    private LayerBlobIndex(Path snapshots) {
        this.snapshots = snapshots;
    }

    /** An index for this process only. */
    public LayerBlobIndex() {
        this(null);
    }

    /** An index kept beside the snapshots of the daemon root {@code root} ({@code <root>/snapshots/<id>/}). */
    public static LayerBlobIndex persistent(Path root) {
        return new LayerBlobIndex(root.resolve("snapshots"));
    }

    /** Remembers that {@code blob} is the layer of {@code snapshot}. */
    public void record(SnapshotId snapshot, LayerBlob blob) {
        bySnapshot.compute(snapshot, (id, known) -> {
            List<LayerBlob> blobs = new ArrayList<>(known == null ? load(id) : known);
            if (blobs.stream().noneMatch(b -> b.blob().digest().equals(blob.blob().digest()))) {
                blobs.add(blob);
                save(id, blobs);
            }
            return List.copyOf(blobs);
        });
    }

    /**
     * Remembers that {@code blob} of {@code snapshot} was pulled from {@code source} (kept with the snapshot's list),
     * so a push to the same registry can mount it.
     */
    public void record(SnapshotId snapshot, LayerBlob blob, BlobSource source) {
        sources.put(blob.blob().digest(), source);
        record(snapshot, blob);
    }

    /** Where {@code blob} was pulled from, if it was pulled and its snapshot's list has been read. */
    public Optional<BlobSource> source(Digest blob) {
        return Optional.ofNullable(sources.get(blob));
    }

    /** The blobs known for {@code snapshot}, the first recorded first. */
    public List<LayerBlob> blobs(SnapshotId snapshot) {
        return bySnapshot.computeIfAbsent(snapshot, this::load);
    }

    /** One stored entry. */
    private record Entry(String mediaType, String digest, long size, String diffId, String source) {
    }

    private List<LayerBlob> load(SnapshotId id) {
        if (snapshots == null) {
            return List.of();
        }
        Path file = snapshots.resolve(id.value()).resolve(FILE);
        try {
            List<Entry> entries = JSON.readValue(Files.readAllBytes(file), new TypeReference<List<Entry>>() { });
            List<LayerBlob> loaded = new ArrayList<>();
            for (Entry e : entries) {
                Digest digest = Digest.parse(e.digest());
                loaded.add(new LayerBlob(Descriptor.of(e.mediaType(), digest, e.size()), Digest.parse(e.diffId())));
                BlobSource source = BlobSource.parse(e.source());
                if (source != null) {
                    sources.putIfAbsent(digest, source);
                }
            }
            return List.copyOf(loaded);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring {}: {} (its layers are written again when exported)", file, e.getMessage());
            return List.of();
        }
    }

    /** Writes the list atomically into the snapshot's directory, if it still has one; a failure only costs reuse. */
    private void save(SnapshotId id, List<LayerBlob> blobs) {
        if (snapshots == null) {
            return;
        }
        Path dir = snapshots.resolve(id.value());
        if (!Files.isDirectory(dir)) {
            return;
        }
        Path file = dir.resolve(FILE);
        Path temp = dir.resolve(FILE + ".tmp");
        try {
            List<Entry> entries = blobs.stream().map(b -> new Entry(b.blob().mediaType(),
                    b.blob().digest().toString(), b.blob().size(), b.diffId().toString(),
                    source(b.blob().digest()).map(BlobSource::render).orElse(null))).toList();
            Files.write(temp, JSON.writeValueAsBytes(entries));
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("cannot keep the layer blobs of snapshot {} in {}: {}", id, file, e.getMessage());
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // The snapshot's removal takes it.
            }
        }
    }
}
