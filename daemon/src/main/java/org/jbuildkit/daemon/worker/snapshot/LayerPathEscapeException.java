package org.jbuildkit.daemon.worker.snapshot;

/**
 * A layer entry that would land outside the snapshot's root: a {@code ../} or absolute name, a write through
 * a symlink pointing out of the tree, or a hardlink to a file outside it. The whole layer is refused.
 */
public final class LayerPathEscapeException extends LayerApplyException {
    private final String entry;

    public LayerPathEscapeException(String layer, String entry, String why) {
        super("layer " + layer + ": entry '" + entry + "' escapes the root file system (" + why + "); the layer was"
                + " not unpacked. The image is malformed or hostile: rebuild it or use another base image");
        this.entry = entry;
    }

    public String entry() {
        return entry;
    }
}
