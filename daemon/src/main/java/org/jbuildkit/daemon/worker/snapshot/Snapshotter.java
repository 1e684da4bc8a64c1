package org.jbuildkit.daemon.worker.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import org.jbuildkit.registry.image.Digest;

/**
 * Keeps file system snapshots as a chain of layers, like containerd's snapshotters: prepare a writable
 * snapshot on a committed parent, fill it (unpack a layer or run a step), commit it, stack more on top.
 * Active snapshots and views are named by a caller-chosen key; committed ones by their {@link SnapshotId}.
 */
public interface Snapshotter {

    /** "overlayfs" or "native", as in {@code [worker.oci] snapshotter}. */
    String name();

    /** A new writable snapshot on {@code parent}, or on an empty tree when {@code parent} is null. */
    ActiveSnapshot prepare(String key, SnapshotId parent) throws IOException;

    /** A read-only view of a committed snapshot. */
    SnapshotView view(String key, SnapshotId parent) throws IOException;

    /** Freezes the active snapshot {@code key}; the key is free again afterwards. */
    SnapshotId commit(String key) throws IOException;

    /** Discards an active snapshot or a view. */
    void remove(String key) throws IOException;

    /** Deletes a committed snapshot; refused while other snapshots are built on it. */
    void remove(SnapshotId id) throws IOException;

    /** What a committed or active snapshot's own layer uses on disk. */
    Usage usage(SnapshotId id) throws IOException;

    /** How to mount the active snapshot or view {@code key}. */
    List<Mount> mounts(String key) throws IOException;

    /** The committed parent of a snapshot, empty for a base layer. */
    Optional<SnapshotId> parent(SnapshotId id) throws IOException;

    /**
     * Writes what committed snapshot {@code id} changed over its parent as an uncompressed OCI layer tar
     * (whiteouts and opaque directories included) and returns its diffID: one layer of an image made from
     * the snapshot's chain, or one layer a merge replays onto another base. {@code out} is left open.
     */
    Digest writeLayer(SnapshotId id, OutputStream out) throws IOException;

    /**
     * Applies an uncompressed layer tar, as {@link #writeLayer} writes it, onto the active snapshot {@code key}.
     * Its deletions stay part of the snapshot's own layer even where nothing below has the path (a diff's
     * first layer sits on an empty tree), so {@link #writeLayer} passes them on; mounts never show them.
     * The caller removes the snapshot when this throws.
     */
    AppliedLayer applyLayer(String key, InputStream tar) throws IOException;
}
