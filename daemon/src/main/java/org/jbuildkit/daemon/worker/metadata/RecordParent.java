package org.jbuildkit.daemon.worker.metadata;

/**
 * One parent of a cache record and how the record derives from it: a layer on top of it, one of the
 * inputs of a merge, or the lower or upper side of a diff (upstream's layerParent, mergeParents, diffParents).
 */
public record RecordParent(RecordId id, Role role) {
    public enum Role {
        LAYER, MERGE, DIFF_LOWER, DIFF_UPPER
    }

    public static RecordParent layer(RecordId id) {
        return new RecordParent(id, Role.LAYER);
    }
}
