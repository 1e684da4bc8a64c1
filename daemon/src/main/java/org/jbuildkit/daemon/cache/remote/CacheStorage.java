package org.jbuildkit.daemon.cache.remote;

import java.nio.file.Path;
import java.util.Optional;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;

/**
 * Where one remote cache lives: a registry ref, or an OCI layout on the client's machine reached through the
 * session. Exports put the blobs first and the manifest last, so a failed export never leaves a tag naming an
 * incomplete cache; imports read the manifest, then only the blobs a build needs.
 */
public interface CacheStorage {

    /** What the storage is, for messages: {@code registry cache 127.0.0.1:5000/app:cache}. */
    String describe();

    /** Whether the storage already has this blob. */
    boolean hasBlob(Digest digest);

    /** Stores a blob from a file; storing one it has changes nothing. */
    void putBlob(Descriptor blob, Path content);

    /** Stores the manifest (an image manifest or index) and points the storage's tag at it; called last. */
    Descriptor putManifest(String mediaType, byte[] manifest);

    /** The manifest the storage's tag (or digest) names; empty when there is none (a first build). */
    Optional<FetchedManifest> manifest();

    /** Downloads a blob to {@code target}, verified against its digest, written whole or not at all. */
    void fetchBlob(Descriptor blob, Path target);

    /** A manifest as read: its descriptor and bytes. */
    record FetchedManifest(Descriptor descriptor, byte[] body) {
        public FetchedManifest {
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }
}
