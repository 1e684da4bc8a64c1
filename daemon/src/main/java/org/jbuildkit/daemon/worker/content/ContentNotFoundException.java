package org.jbuildkit.daemon.worker.content;

import java.nio.file.NoSuchFileException;
import org.jbuildkit.registry.image.Digest;

/** A blob that is not in the content store. */
public final class ContentNotFoundException extends NoSuchFileException {
    private final transient Digest digest;

    public ContentNotFoundException(Digest digest, java.nio.file.Path path) {
        super(path.toString(), null, "blob " + digest + " is not in the content store");
        this.digest = digest;
    }

    public Digest digest() {
        return digest;
    }
}
