package org.jbuildkit.daemon.cache.remote;

import org.jbuildkit.registry.reference.ImageReference;

/**
 * {@code --import-cache type=registry}: the manifest at {@code ref}, a cache manifest or an image with inline cache.
 *
 * @param insecure {@code registry.insecure=true}
 */
public record RegistryCacheImport(ImageReference ref, boolean insecure) implements CacheImport {
}
