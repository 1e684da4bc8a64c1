package org.jbuildkit.daemon.ops;

import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.worker.metadata.RecordType;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;

/**
 * A vertex output that is a committed snapshot: a root file system later steps build on. {@code type}
 * and {@code description} are what its cache record shows in {@code du} (a git checkout, a download…).
 */
public record SnapshotResult(SnapshotId snapshot, RecordType type, String description) implements ResultRef {
    public SnapshotResult {
        description = description == null ? "" : description;
    }

    /** A regular result with no description. */
    public SnapshotResult(SnapshotId snapshot) {
        this(snapshot, RecordType.REGULAR, "");
    }

    @Override
    public String id() {
        return snapshot.value();
    }
}
