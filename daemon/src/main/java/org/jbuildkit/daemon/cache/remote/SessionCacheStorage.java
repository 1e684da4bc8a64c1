package org.jbuildkit.daemon.cache.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.jbuildkit.api.Identity;
import org.jbuildkit.api.content.Info;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.ImageJson;
import org.jbuildkit.registry.image.MediaTypes;
import org.jbuildkit.session.content.CallerContentStore;
import org.jbuildkit.session.content.ContentStoreException;
import org.jbuildkit.session.manager.Caller;

/**
 * A {@code type=local} cache: an OCI layout directory on the client's machine, whose blobs the daemon reads and
 * writes through the build's session as the client's content store {@code local:<dir>} (upstream's
 * cache/remotecache/local). The client owns {@code index.json}: it resolved an import's tag to {@code digest=} before
 * the build, and tags an export's manifest after it, from {@link #exporterResponse} ({@code cache.manifest}).
 */
public final class SessionCacheStorage implements CacheStorage {
    /** The content store ID prefix, as upstream's client and daemon name a local cache directory. */
    public static final String STORE_PREFIX = "local:";
    /** The exporter response key through which the client learns which manifest to tag, as upstream. */
    public static final String MANIFEST_RESPONSE_KEY = "cache.manifest";
    private static final int MAX_MANIFEST_BYTES = 16 << 20;
    private static final ObjectMapper GO_ORDER = new ObjectMapper();

    private final CallerContentStore store;
    private final String dir;
    private final Optional<Digest> manifestDigest;

    private SessionCacheStorage(CallerContentStore store, String dir, Optional<Digest> manifestDigest) {
        this.store = store;
        this.dir = dir;
        this.manifestDigest = manifestDigest;
    }

    /** The export storage for {@code --export-cache type=local,dest=DIR}; fails now if the client does not serve it. */
    public static SessionCacheStorage forExport(Caller session, Map<String, String> attrs) {
        return forExport(session, attrs.getOrDefault("dest", ""));
    }

    /** The export storage for a parsed {@code --export-cache type=local}. */
    public static SessionCacheStorage forExport(Caller session, LocalCacheExport export) {
        return forExport(session, export.dest());
    }

    /** As {@link #forExport(Caller, Map)}, for a parsed {@code dest}. */
    public static SessionCacheStorage forExport(Caller session, String dest) {
        if (dest == null || dest.isEmpty()) {
            throw new IllegalArgumentException("local cache exporter requires dest: --export-cache type=local,dest=DIR");
        }
        return open(session, dest, Optional.empty());
    }

    /**
     * The import storage for {@code --import-cache type=local,src=DIR}, whose {@code digest=} the client set from the
     * directory's {@code index.json} (upstream's client does; tags are not resolved here).
     */
    public static SessionCacheStorage forImport(Caller session, Map<String, String> attrs) {
        String digest = attrs.getOrDefault("digest", "");
        String src = attrs.getOrDefault("src", "");
        Digest parsed = null;
        if (!digest.isEmpty()) {
            try {
                parsed = Digest.parse(digest);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("local cache import from " + src + ": digest=" + digest
                        + " is not a digest: " + e.getMessage(), e);
            }
        }
        return forImport(session, src, parsed);
    }

    /** The import storage for a parsed {@code --import-cache type=local}; no digest is an error, as upstream. */
    public static SessionCacheStorage forImport(Caller session, LocalCacheImport entry) {
        return forImport(session, entry.src(), entry.digest());
    }

    /** As {@link #forImport(Caller, Map)}, for a parsed {@code src} and {@code digest}; a null digest is an error. */
    public static SessionCacheStorage forImport(Caller session, String src, Digest digest) {
        if (digest == null) {
            throw new IllegalArgumentException("local cache importer requires explicit digest: the client resolves"
                    + " tag= to digest= from src's index.json (buildctl does); give --import-cache"
                    + " type=local,src=DIR[,tag=T] with a client that does, or digest=sha256:…");
        }
        if (src == null || src.isEmpty()) {
            throw new IllegalArgumentException("local cache importer requires src: --import-cache type=local,src=DIR");
        }
        return open(session, src, Optional.of(digest));
    }

    /** What to add to the solve's exporter response so the client tags {@code manifest} in the directory's index. */
    public static Map<String, String> exporterResponse(Descriptor manifest) {
        return Map.of(MANIFEST_RESPONSE_KEY, descriptorJson(manifest));
    }

    /**
     * Upstream's value: the descriptor as plain JSON (not base64), fields in Go's order (mediaType, digest, size,
     * …), which its client unmarshals to tag {@code index.json}.
     */
    static String descriptorJson(Descriptor manifest) {
        try {
            return GO_ORDER.writeValueAsString(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the descriptor of " + manifest.digest(), e);
        }
    }

    private static SessionCacheStorage open(Caller session, String dir, Optional<Digest> manifest) {
        CallerContentStore store = new CallerContentStore(session, STORE_PREFIX + dir);
        if (!store.served()) {
            throw new IllegalStateException("local cache " + dir + " is on the client's machine, but the client's"
                    + " session serves no content stores: use a buildctl that serves type=local cache directories"
                    + " (as upstream's does), or a registry cache");
        }
        SessionCacheStorage storage = new SessionCacheStorage(store, dir, manifest);
        try {
            // Any digest will do: an unknown store answers differently from a missing blob.
            store.info("sha256:" + "0".repeat(64));
        } catch (ContentStoreException e) {
            throw new IllegalStateException("local cache " + dir + " is not served by the client's session: "
                    + e.getMessage(), e);
        }
        return storage;
    }

    @Override
    public String describe() {
        return "local cache " + dir + " (on the client)";
    }

    @Override
    public boolean hasBlob(Digest digest) {
        try {
            return store.info(digest.toString()).isPresent();
        } catch (ContentStoreException e) {
            throw new IllegalStateException(describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void putBlob(Descriptor blob, Path content) {
        try (InputStream in = Files.newInputStream(content)) {
            write(blob.digest(), blob.size(), in);
        } catch (IOException e) {
            throw new UncheckedIOException(describe() + ": writing blob " + blob.digest() + " failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Descriptor putManifest(String mediaType, byte[] manifest) {
        Digest digest = Digest.sha256(manifest);
        try {
            write(digest, manifest.length, new ByteArrayInputStream(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException(describe() + ": writing manifest " + digest + " failed: "
                    + e.getMessage(), e);
        }
        return Descriptor.of(mediaType, digest, manifest.length);
    }

    /** A unique ref per write: two writes of one blob both finish, the second finding it there. */
    private void write(Digest digest, long size, InputStream in) throws IOException {
        try {
            store.write(digest + "-" + Identity.newId(), digest.toString(), size, in);
        } catch (ContentStoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public Optional<FetchedManifest> manifest() {
        if (manifestDigest.isEmpty()) {
            return Optional.empty();
        }
        Digest digest = manifestDigest.get();
        Optional<Info> info;
        try {
            info = store.info(digest.toString());
        } catch (ContentStoreException e) {
            throw new IllegalStateException(describe() + ": " + e.getMessage(), e);
        }
        if (info.isEmpty()) {
            return Optional.empty();
        }
        if (info.get().getSize() > MAX_MANIFEST_BYTES) {
            throw new IllegalStateException(describe() + ": manifest " + digest + " is " + info.get().getSize()
                    + " bytes, more than a cache manifest can be; digest= names some other blob");
        }
        byte[] body;
        try (InputStream in = store.read(digest.toString())) {
            body = in.readNBytes(MAX_MANIFEST_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(describe() + ": reading manifest " + digest + " failed: "
                    + e.getMessage(), e);
        }
        Digest actual = new Digest(digest.algorithm(), HexFormat.of().formatHex(
                digest.newDigester().digest(body)));
        if (!actual.equals(digest)) {
            throw new IllegalStateException(describe() + ": manifest " + digest + " read back as " + actual
                    + "; the directory's blob is corrupt: delete it and export the cache again");
        }
        String declared = ImageJson.declaredMediaType(body, describe() + " manifest " + digest);
        String mediaType = !declared.isEmpty() ? declared
                : ImageJson.read(body, JsonNode.class, "manifest").has("manifests")
                        ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
        return Optional.of(new FetchedManifest(Descriptor.of(mediaType, digest, body.length), body));
    }

    @Override
    public void fetchBlob(Descriptor blob, Path target) {
        Path dirOfTarget = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            Files.createDirectories(dirOfTarget);
            temp = Files.createTempFile(dirOfTarget, "." + target.getFileName(), ".part");
            MessageDigest digester = blob.digest().newDigester();
            long size = 0;
            try (InputStream in = store.read(blob.digest().toString());
                    FileChannel file = FileChannel.open(temp, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    digester.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    size += n;
                }
                file.force(true);
            }
            String actual = blob.digest().algorithm() + ":" + HexFormat.of().formatHex(digester.digest());
            if (size != blob.size() || !actual.equals(blob.digest().toString())) {
                throw new IOException("got " + size + " bytes with digest " + actual + ", expected " + blob.size()
                        + " bytes with " + blob.digest() + ": the directory's blob is corrupt; delete it and export"
                        + " the cache again");
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
        } catch (IOException e) {
            throw new UncheckedIOException(describe() + ": fetching blob " + blob.digest() + " failed: "
                    + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // A leftover .part file is never taken for the blob.
                }
            }
        }
    }
}
