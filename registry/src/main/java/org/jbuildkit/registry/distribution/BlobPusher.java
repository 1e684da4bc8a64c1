package org.jbuildkit.registry.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jbuildkit.registry.auth.Scope;
import org.jbuildkit.registry.hosts.RegistryEndpoint;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes one blob: HEAD first (skip when present), a cross-repository mount when a source repository
 * on the same registry is known, otherwise an upload session — one streamed PUT, or PATCH chunks
 * and a closing PUT. The registry verifies the digest before it links the blob.
 */
final class BlobPusher {
    private static final Logger LOG = LoggerFactory.getLogger(BlobPusher.class);
    static final int CHUNK = 8 << 20;

    private final RegistryCall call;
    private final UploadMode mode;

    BlobPusher(RegistryCall call, UploadMode mode) {
        this.call = call;
        this.mode = mode;
    }

    boolean exists(RegistryEndpoint endpoint, String repository, Digest digest) {
        String path = repository + "/blobs/" + digest;
        HttpResponse<Void> head = call.send(endpoint, path, HttpRequest.newBuilder()
                .method("HEAD", HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.discarding(),
                List.of(Scope.pull(repository)));
        if (head.statusCode() == 200) {
            return true;
        }
        if (head.statusCode() == 404) {
            return false;
        }
        throw new RegistryResponseException("HEAD " + endpoint.host() + "/v2/" + path, head.statusCode(), null, null);
    }

    /**
     * Checks that this client may push to {@code repository} without pushing anything: starts a blob upload (which
     * needs push access) and cancels it at once.
     */
    void checkPushAccess(RegistryEndpoint endpoint, String repository) {
        List<Scope> scopes = List.of(Scope.push(repository));
        String start = repository + "/blobs/uploads/";
        HttpResponse<byte[]> started = call.send(endpoint, start, HttpRequest.newBuilder()
                .POST(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofByteArray(), scopes);
        if (started.statusCode() != 202) {
            throw new RegistryResponseException("POST " + endpoint.host() + "/v2/" + start, started.statusCode(),
                    started.body(), started.statusCode() == 404 || started.statusCode() == 405
                            ? "the registry does not accept pushes to " + repository : null);
        }
        String location = location(endpoint, started, start);
        try {
            call.send(endpoint, location, HttpRequest.newBuilder().DELETE(), HttpResponse.BodyHandlers.discarding(),
                    scopes);
        } catch (RuntimeException e) {
            // The registry expires an abandoned upload by itself; the access check has its answer.
            LOG.debug("cancelling the check upload at {}: {}", endpoint.host(), e.getMessage());
        }
    }

    BlobPushResult push(RegistryEndpoint endpoint, String repository, Descriptor blob, Path content,
            Optional<String> mountFrom) {
        if (exists(endpoint, repository, blob.digest())) {
            return BlobPushResult.EXISTED;
        }
        List<Scope> scopes = new ArrayList<>(List.of(Scope.push(repository)));
        String start = repository + "/blobs/uploads/";
        if (mountFrom.isPresent() && !mountFrom.get().equals(repository)) {
            scopes.add(Scope.pull(mountFrom.get()));
            start += "?mount=" + encode(blob.digest().toString()) + "&from=" + encode(mountFrom.get());
        }
        HttpResponse<byte[]> started = call.send(endpoint, start, HttpRequest.newBuilder()
                .POST(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofByteArray(), scopes);
        if (started.statusCode() == 201) {
            return BlobPushResult.MOUNTED;
        }
        if (started.statusCode() != 202) {
            throw new RegistryResponseException("POST " + endpoint.host() + "/v2/" + start, started.statusCode(),
                    started.body(), null);
        }
        String location = location(endpoint, started, start);
        if (mode == UploadMode.CHUNKED) {
            location = patchChunks(endpoint, repository, blob, content, location, scopes);
        }
        String finish = location + (location.contains("?") ? "&" : "?") + "digest=" + encode(blob.digest().toString());
        HttpRequest.BodyPublisher body;
        try {
            body = mode == UploadMode.CHUNKED ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofFile(content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + blob.digest() + " from " + content, e);
        }
        HttpResponse<byte[]> put = call.send(endpoint, finish, HttpRequest.newBuilder()
                .header("Content-Type", "application/octet-stream").PUT(body),
                HttpResponse.BodyHandlers.ofByteArray(), scopes);
        if (put.statusCode() != 201) {
            throw new RegistryResponseException("PUT " + endpoint.host() + " blob " + blob.digest(), put.statusCode(),
                    put.body(), put.statusCode() == 400 ? "the registry computed another digest for the bytes sent" : null);
        }
        return BlobPushResult.UPLOADED;
    }

    private String patchChunks(RegistryEndpoint endpoint, String repository, Descriptor blob, Path content,
            String location, List<Scope> scopes) {
        long offset = 0;
        try (InputStream in = Files.newInputStream(content)) {
            byte[] chunk = new byte[CHUNK];
            for (int n; (n = in.readNBytes(chunk, 0, CHUNK)) > 0; offset += n) {
                byte[] part = n == CHUNK ? chunk.clone() : java.util.Arrays.copyOf(chunk, n);
                HttpResponse<byte[]> patch = call.send(endpoint, location, HttpRequest.newBuilder()
                        .header("Content-Type", "application/octet-stream")
                        .header("Content-Range", offset + "-" + (offset + n - 1))
                        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(part)),
                        HttpResponse.BodyHandlers.ofByteArray(), scopes);
                if (patch.statusCode() != 202) {
                    throw new RegistryResponseException("PATCH " + endpoint.host() + " blob " + blob.digest()
                            + " bytes " + offset + "-" + (offset + n - 1), patch.statusCode(), patch.body(), null);
                }
                location = location(endpoint, patch, location);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + blob.digest() + " from " + content, e);
        }
        return location;
    }

    /** The upload URL the registry gave, as a path below the endpoint's /v2/ (it may be absolute or relative). */
    private static String location(RegistryEndpoint endpoint, HttpResponse<?> response, String requested) {
        String value = response.headers().firstValue("Location").orElseThrow(() -> new RegistryResponseException(
                "upload to " + endpoint.host() + "/v2/" + requested, response.statusCode(), null,
                "the registry sent no Location header for the upload"));
        URI uri = URI.create(value);
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String base = "/v2" + endpoint.pathPrefix() + "/";
        if (!path.startsWith(base)) {
            throw new RegistryResponseException("upload to " + endpoint.host(), response.statusCode(), null,
                    "the registry sent an upload location outside " + base + ": " + value);
        }
        return path.substring(base.length());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
