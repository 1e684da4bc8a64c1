package org.jbuildkit.daemon.worker.snapshot;

import java.nio.file.Path;
import java.util.List;

/**
 * A writable snapshot being built. Changes go to {@code upperDir}; {@code lowerDirs} (top first) are the
 * committed layers an overlay mount stacks below it, and are empty when the snapshot is a full copy
 * (native) or has no parent. {@code mounts} show the whole tree.
 */
public record ActiveSnapshot(String key, SnapshotId id, Path upperDir, List<Path> lowerDirs, List<Mount> mounts) {
    public ActiveSnapshot {
        lowerDirs = List.copyOf(lowerDirs);
        mounts = List.copyOf(mounts);
    }
}
