package org.jbuildkit.registry.distribution;

/** What pushing one blob took: it was already there, mounted from another repository, or uploaded. */
public enum BlobPushResult {
    EXISTED, MOUNTED, UPLOADED
}
