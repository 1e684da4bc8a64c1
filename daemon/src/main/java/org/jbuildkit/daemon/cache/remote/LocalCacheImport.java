package org.jbuildkit.daemon.cache.remote;

import org.jbuildkit.registry.image.Digest;

/**
 * {@code --import-cache type=local}: an OCI layout in {@code src} on the client's machine.
 *
 * @param digest the manifest to read, which upstream's client looks up from {@code tag} in index.json and sends
 *        as {@code digest=}; null when the client sent none
 */
public record LocalCacheImport(String src, String tag, Digest digest) implements CacheImport {

    /** The session content store id of {@code src}: {@code local:<src>}. */
    public String storeId() {
        return "local:" + src;
    }
}
