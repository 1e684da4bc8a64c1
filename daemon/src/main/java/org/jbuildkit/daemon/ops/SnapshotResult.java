package org.jbuildkit.daemon.ops;

import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;

/** A vertex output that is a committed snapshot: a root file system later steps build on. */
public record SnapshotResult(SnapshotId snapshot) implements ResultRef {
    @Override
    public String id() {
        return snapshot.value();
    }
}
