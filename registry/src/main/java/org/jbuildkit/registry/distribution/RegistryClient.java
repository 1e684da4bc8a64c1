package org.jbuildkit.registry.distribution;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.jbuildkit.registry.auth.RegistryAuthenticator;
import org.jbuildkit.registry.auth.Scope;
import org.jbuildkit.registry.diagnostics.RegistryException;
import org.jbuildkit.registry.hosts.RegistryEndpoint;
import org.jbuildkit.registry.hosts.RegistryHosts;
import org.jbuildkit.registry.hosts.RegistryTransport;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.ImageJson;
import org.jbuildkit.registry.image.MediaTypes;
import org.jbuildkit.registry.reference.ImageReference;

/**
 * The distribution API client: resolve a reference, fetch manifests and blobs (verified, resumable,
 * streamed to disk), push blobs (existence check, cross-repository mount, monolithic or chunked
 * upload) and manifests. Pulls try the host's mirrors first, in order, then the origin; pushes go
 * to the origin only.
 */
public final class RegistryClient {
    static final long MAX_MANIFEST_BYTES = 4 << 20;

    private final RegistryHosts hosts;
    private final RegistryCall call;
    private final UploadMode uploadMode;
    private final BlobPuller blobPuller;
    private final BlobPusher blobPusher;

    public RegistryClient(RegistryHosts hosts, RegistryTransport transport, RegistryAuthenticator auth,
            int maxConcurrency) {
        this(hosts, transport, auth, maxConcurrency, Duration.ofMillis(200), UploadMode.MONOLITHIC);
    }

    public RegistryClient(RegistryHosts hosts, RegistryTransport transport, RegistryAuthenticator auth,
            int maxConcurrency, Duration firstBackoff, UploadMode uploadMode) {
        this(hosts, new RegistryCall(transport, auth, maxConcurrency, firstBackoff), uploadMode);
    }

    private RegistryClient(RegistryHosts hosts, RegistryCall call, UploadMode uploadMode) {
        this.hosts = hosts;
        this.call = call;
        this.uploadMode = uploadMode;
        this.blobPuller = new BlobPuller(call);
        this.blobPusher = new BlobPusher(call, uploadMode);
    }

    /**
     * This client with another authorization, e.g. one build's (credentials and tokens from its
     * client session), for its pulls and pushes; host settings, transport and the limit on
     * concurrent requests stay shared.
     */
    public RegistryClient withAuth(RegistryAuthenticator auth) {
        return new RegistryClient(hosts, call.withAuth(auth), uploadMode);
    }

    /** The same client with other host settings (e.g. {@code registry.insecure=true} for one push). */
    public RegistryClient withHosts(RegistryHosts other, RegistryTransport transport, RegistryAuthenticator auth,
            int maxConcurrency) {
        return new RegistryClient(other, transport, auth, maxConcurrency);
    }

    /**
     * This client with {@code registry.insecure=true} for {@code host} (an output's or a cache export's attribute):
     * unverified HTTPS, then plain HTTP, ignoring the host's configured CA and mirrors; authorization, transport
     * and the request limit stay shared.
     */
    public RegistryClient withInsecurePush(String host) {
        return new RegistryClient(hosts.withInsecurePush(host), call, uploadMode);
    }

    /** The host settings this client uses (to probe an endpoint before a push). */
    public RegistryHosts hosts() {
        return hosts;
    }

    /** Resolves a tag (or checks a digest) to the manifest or index descriptor: HEAD, then GET when HEAD says too little. */
    public ResolvedManifest resolve(ImageReference ref) {
        List<RuntimeException> failures = new ArrayList<>();
        for (RegistryEndpoint endpoint : hosts.endpoints(ref.registry(), false)) {
            try {
                Optional<Descriptor> found = resolveAt(endpoint, ref);
                if (found.isPresent()) {
                    return new ResolvedManifest(ref, found.get(), endpoint.host());
                }
                failures.add(new RegistryResponseException("resolve " + ref + " at " + endpoint.host(), 404, null,
                        null));
            } catch (RegistryException | RegistryResponseException e) {
                if (!endpoint.isMirror()) {
                    throw e;
                }
                failures.add(e);
            }
        }
        throw new RegistryResponseException("resolve " + ref, 404, null, "no such manifest at "
                + describe(failures) + "; check the repository name and tag");
    }

    private Optional<Descriptor> resolveAt(RegistryEndpoint endpoint, ImageReference ref) {
        String path = ref.repository() + "/manifests/" + ref.manifestReference();
        List<Scope> scopes = List.of(Scope.pull(ref.repository()));
        HttpResponse<Void> head = call.send(endpoint, path, accept(HttpRequest.newBuilder()
                .method("HEAD", HttpRequest.BodyPublishers.noBody())), HttpResponse.BodyHandlers.discarding(), scopes);
        if (head.statusCode() == 404) {
            return Optional.empty();
        }
        Optional<String> digest = head.headers().firstValue("Docker-Content-Digest");
        Optional<String> type = head.headers().firstValue("Content-Type");
        long size = head.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (head.statusCode() == 200 && digest.isPresent() && type.isPresent() && size >= 0
                && (ref.digest() == null || ref.digest().toString().equals(digest.get()))) {
            return Optional.of(Descriptor.of(mediaType(type.get()), Digest.parse(digest.get()), size));
        }
        if (head.statusCode() != 200 && head.statusCode() != 405) {
            throw new RegistryResponseException("HEAD " + endpoint.host() + "/v2/" + path, head.statusCode(), null,
                    null);
        }
        byte[] body = getManifestBytes(endpoint, ref, ref.manifestReference(), scopes);
        Digest actual = Digest.sha256(body);
        if (ref.digest() != null && !ref.digest().equals(actual)) {
            throw new DigestMismatchException("manifest " + ref, ref.digest(), actual, body.length);
        }
        String declared = ImageJson.declaredMediaType(body, "manifest of " + ref);
        return Optional.of(Descriptor.of(declared.isEmpty() ? MediaTypes.OCI_MANIFEST : declared, actual,
                body.length));
    }

    /** The bytes of a manifest or index, verified against the descriptor's digest. */
    public byte[] fetchManifest(ImageReference ref, Descriptor descriptor) {
        RuntimeException last = null;
        for (RegistryEndpoint endpoint : hosts.endpoints(ref.registry(), false)) {
            try {
                byte[] body = getManifestBytes(endpoint, ref, descriptor.digest().toString(),
                        List.of(Scope.pull(ref.repository())));
                Digest actual = Digest.sha256(body);
                if (!actual.equals(descriptor.digest())) {
                    throw new DigestMismatchException("manifest " + ref.name() + "@" + descriptor.digest()
                            + " from " + endpoint.host(), descriptor.digest(), actual, body.length);
                }
                return body;
            } catch (RegistryException | RegistryResponseException | DigestMismatchException e) {
                if (!endpoint.isMirror()) {
                    throw e;
                }
                last = e;
            }
        }
        throw last != null ? last : new IllegalStateException("no endpoint for " + ref.registry());
    }

    private byte[] getManifestBytes(RegistryEndpoint endpoint, ImageReference ref, String reference,
            List<Scope> scopes) {
        String path = ref.repository() + "/manifests/" + reference;
        HttpResponse<byte[]> get = call.send(endpoint, path, accept(HttpRequest.newBuilder().GET()),
                HttpResponse.BodyHandlers.ofByteArray(), scopes);
        if (get.statusCode() != 200) {
            throw new RegistryResponseException("GET " + endpoint.host() + "/v2/" + path, get.statusCode(), get.body(),
                    get.statusCode() == 404 ? "check the repository name and tag" : null);
        }
        if (get.body().length > MAX_MANIFEST_BYTES) {
            throw new RegistryResponseException("GET " + endpoint.host() + "/v2/" + path, 200, null,
                    "manifest is larger than " + MAX_MANIFEST_BYTES + " bytes; refusing it");
        }
        return get.body();
    }

    /** Whether the repository already has this blob (on the origin). */
    public boolean blobExists(String registry, String repository, Digest digest) {
        return blobPusher.exists(hosts.origin(registry), repository, digest);
    }

    /** Downloads a blob to {@code target}: streamed, resumed after a dropped connection, verified, then renamed. */
    public void fetchBlob(String registry, String repository, Descriptor blob, Path target) {
        fetchBlob(registry, repository, blob, target, received -> { });
    }

    /** As {@link #fetchBlob(String, String, Descriptor, Path)}, telling {@code progress} the bytes received so far. */
    public void fetchBlob(String registry, String repository, Descriptor blob, Path target, LongConsumer progress) {
        RuntimeException last = null;
        for (RegistryEndpoint endpoint : hosts.endpoints(registry, false)) {
            try {
                blobPuller.fetch(endpoint, repository, blob, target, progress);
                return;
            } catch (RegistryException | RegistryResponseException | DigestMismatchException e) {
                if (!endpoint.isMirror()) {
                    throw e;
                }
                last = e;
            }
        }
        throw last != null ? last : new IllegalStateException("no endpoint for " + registry);
    }

    /**
     * Pushes a blob from a file unless the repository has it; mounts it from {@code mountFrom} (another
     * repository on the same registry) when given and the registry agrees.
     */
    public BlobPushResult pushBlob(String registry, String repository, Descriptor blob, Path content,
            Optional<String> mountFrom) {
        return blobPusher.push(origin(registry), repository, blob, content, mountFrom);
    }

    /**
     * Checks, before anything is built, that {@code repository} on {@code registry} can be pushed to with this
     * client's settings and credentials: the origin is reachable, TLS works as configured, and the credentials have
     * push scope (a blob upload is started and cancelled).
     *
     * @throws RegistryException when the registry cannot be reached or refuses the credentials, with the diagnosis
     * @throws RegistryResponseException when the registry answers the upload with another error
     */
    public void checkPushAccess(String registry, String repository) {
        blobPusher.checkPushAccess(origin(registry), repository);
    }

    /** Pushes a manifest or index under a tag (or its digest) and returns its descriptor. */
    public Descriptor pushManifest(ImageReference target, String mediaType, byte[] manifest) {
        RegistryEndpoint endpoint = origin(target.registry());
        Digest digest = Digest.sha256(manifest);
        String reference = target.tag() != null ? target.tag() : digest.toString();
        String path = target.repository() + "/manifests/" + reference;
        HttpResponse<byte[]> put = call.send(endpoint, path, HttpRequest.newBuilder()
                        .header("Content-Type", mediaType)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)),
                HttpResponse.BodyHandlers.ofByteArray(), List.of(Scope.push(target.repository())));
        if (put.statusCode() != 201 && put.statusCode() != 200) {
            throw new RegistryResponseException("PUT " + endpoint.host() + "/v2/" + path, put.statusCode(), put.body(),
                    put.statusCode() == 400 ? "a blob the manifest names may be missing from the repository" : null);
        }
        put.headers().firstValue("Docker-Content-Digest").map(Digest::parse).ifPresent(answered -> {
            if (!answered.equals(digest)) {
                throw new DigestMismatchException("manifest pushed to " + target, digest, answered, manifest.length);
            }
        });
        return Descriptor.of(mediaType, digest, manifest.length);
    }

    private RegistryEndpoint origin(String registry) {
        return hosts.origin(registry);
    }

    private static HttpRequest.Builder accept(HttpRequest.Builder request) {
        return request.header("Accept", String.join(", ", MediaTypes.MANIFEST_ACCEPT));
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon >= 0 ? contentType.substring(0, semicolon) : contentType).trim();
    }

    private static String describe(List<RuntimeException> failures) {
        return failures.stream().map(RuntimeException::getMessage).reduce((a, b) -> a + "; " + b).orElse("?");
    }
}
