package org.jbuildkit.daemon.exporter;

import java.util.Optional;
import org.jbuildkit.daemon.ops.SnapshotResult;
import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;

/** What a build produced for the exporters: the head's snapshot, or nothing for a scratch result. */
public final class ExportSource {
    private final SnapshotId snapshot;

    private ExportSource(SnapshotId snapshot) {
        this.snapshot = snapshot;
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
}
