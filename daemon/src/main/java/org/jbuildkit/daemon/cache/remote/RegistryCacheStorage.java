package org.jbuildkit.daemon.cache.remote;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.jbuildkit.registry.distribution.RegistryClient;
import org.jbuildkit.registry.distribution.RegistryResponseException;
import org.jbuildkit.registry.distribution.ResolvedManifest;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.reference.ImageReference;

/**
 * A cache in a registry repository ({@code type=registry,ref=R}): blobs in R's repository, the manifest under R's
 * tag. The client carries the build's authorization (and {@code registry.insecure} when asked); a missing manifest
 * is an empty {@link #manifest()}, while authorization, TLS and other registry failures propagate as the registry
 * module's exceptions.
 */
public final class RegistryCacheStorage implements CacheStorage {
    private final RegistryClient client;
    private final ImageReference ref;
    private final Function<Digest, Optional<String>> mountFrom;

    /** {@code ref} without a tag or digest means {@code :latest}, as upstream normalizes cache refs. */
    public RegistryCacheStorage(RegistryClient client, ImageReference ref) {
        this(client, ref, digest -> Optional.empty());
    }

    /**
     * As {@link #RegistryCacheStorage(RegistryClient, ImageReference)}, mounting blobs that another repository on
     * the same registry has (e.g. a pulled base layer) instead of uploading them again.
     *
     * @param mountFrom for a blob digest, a repository on {@code ref}'s registry that has it, if known
     */
    public RegistryCacheStorage(RegistryClient client, ImageReference ref,
            Function<Digest, Optional<String>> mountFrom) {
        this.client = client;
        this.ref = ref.tag() == null && ref.digest() == null ? ref.withTag(ImageReference.DEFAULT_TAG) : ref;
        this.mountFrom = mountFrom;
    }

    public ImageReference ref() {
        return ref;
    }

    @Override
    public String describe() {
        return "registry cache " + ref;
    }

    @Override
    public boolean hasBlob(Digest digest) {
        return client.blobExists(ref.registry(), ref.repository(), digest);
    }

    @Override
    public void putBlob(Descriptor blob, Path content) {
        client.pushBlob(ref.registry(), ref.repository(), blob, content,
                mountFrom.apply(blob.digest()).filter(repository -> !repository.equals(ref.repository())));
    }

    @Override
    public Descriptor putManifest(String mediaType, byte[] manifest) {
        if (ref.tag() == null) {
            throw new IllegalStateException(describe() + " names a digest, not a tag: a cache export needs a tag");
        }
        return client.pushManifest(ref, mediaType, manifest);
    }

    @Override
    public Optional<FetchedManifest> manifest() {
        ResolvedManifest resolved;
        try {
            resolved = client.resolve(ref);
        } catch (RegistryResponseException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        byte[] body = client.fetchManifest(ref, resolved.descriptor());
        return Optional.of(new FetchedManifest(resolved.descriptor(), body));
    }

    @Override
    public void fetchBlob(Descriptor blob, Path target) {
        client.fetchBlob(ref.registry(), ref.repository(), blob, target);
    }
}
