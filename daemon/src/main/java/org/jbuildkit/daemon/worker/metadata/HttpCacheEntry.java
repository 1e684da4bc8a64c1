package org.jbuildkit.daemon.worker.metadata;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jbuildkit.registry.image.Digest;

/**
 * What one HTTP(S) source request answered last: its validators ({@code ETag}, {@code Last-Modified},
 * either may be absent), the digest and size of the body, the file name the response suggested
 * ({@code Content-Disposition}, empty when none) and when the daemon last asked.
 *
 * @param requestKey the URL plus any request headers that can change the answer
 */
public record HttpCacheEntry(String requestKey, String url, String etag, String lastModified, Digest digest,
        long size, String filename, Instant checkedAt) {

    public HttpCacheEntry {
        Objects.requireNonNull(requestKey, "requestKey");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(checkedAt, "checkedAt");
        etag = etag == null || etag.isEmpty() ? null : etag;
        lastModified = lastModified == null || lastModified.isEmpty() ? null : lastModified;
        filename = filename == null ? "" : filename;
    }

    public Optional<String> etagIfAny() {
        return Optional.ofNullable(etag);
    }

    public Optional<String> lastModifiedIfAny() {
        return Optional.ofNullable(lastModified);
    }

    public HttpCacheEntry checkedAt(Instant at) {
        return new HttpCacheEntry(requestKey, url, etag, lastModified, digest, size, filename, at);
    }
}
