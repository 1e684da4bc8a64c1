package org.jbuildkit.daemon.worker.snapshot;

import java.util.List;

/** A read-only look at a committed snapshot, removed by its key when no longer needed. */
public record SnapshotView(String key, SnapshotId parent, List<Mount> mounts) {
    public SnapshotView {
        mounts = List.copyOf(mounts);
    }
}
