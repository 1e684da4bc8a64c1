package org.jbuildkit.session.filesync;

/** Told how many bytes of packets a transfer has moved so far, and once more when it ends. */
@FunctionalInterface
public interface TransferProgress {

    TransferProgress NONE = (bytes, last) -> {
    };

    void update(long bytes, boolean last);
}
