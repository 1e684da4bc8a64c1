package org.jbuildkit.daemon.exporter;

import java.util.Map;
import java.util.Optional;
import org.jbuildkit.daemon.ops.SnapshotResult;
import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;

/**
 * What a build produced for the exporters: the head's snapshot, or nothing for a scratch result, and the frontend's
 * metadata (upstream's exporter metadata keys, e.g. {@code containerimage.config}, the image config a Dockerfile made).
 */
public final class ExportSource {
    /** The image config JSON a frontend made (upstream's {@code exptypes.ExporterImageConfigKey}). */
    public static final String IMAGE_CONFIG = "containerimage.config";
    /**
     * The inline cache a build made for its image (upstream's {@code exptypes.ExporterInlineCache}): the cache config
     * JSON the image exporters put into the image config as {@code moby.buildkit.cache.v0}.
     */
    public static final String INLINE_CACHE = "containerimage.inlinecache";

    private final SnapshotId snapshot;
    private final Map<String, byte[]> metadata;

    private ExportSource(SnapshotId snapshot, Map<String, byte[]> metadata) {
        this.snapshot = snapshot;
        this.metadata = Map.copyOf(metadata);
    }

    private ExportSource(SnapshotId snapshot) {
        this(snapshot, Map.of());
    }

    /** The solver's head result; null (a build of scratch) exports as an empty tree. */
    public static ExportSource of(ResultRef result) {
        if (result == null) {
            return scratch();
        }
        if (result instanceof SnapshotResult snapshotResult) {
            return new ExportSource(snapshotResult.snapshot());
        }
        throw new IllegalArgumentException("cannot export a " + result.getClass().getSimpleName()
                + " result: exporters read snapshots");
    }

    public static ExportSource scratch() {
        return new ExportSource(null);
    }

    public Optional<SnapshotId> snapshot() {
        return Optional.ofNullable(snapshot);
    }

    /** The same result with a frontend's metadata. */
    public ExportSource withMetadata(Map<String, byte[]> values) {
        return new ExportSource(snapshot, values);
    }

    /** The frontend's value for {@code key}, e.g. {@code containerimage.config}. */
    public Optional<byte[]> metadata(String key) {
        byte[] value = metadata.get(key);
        return value == null ? Optional.empty() : Optional.of(value.clone());
    }
}
