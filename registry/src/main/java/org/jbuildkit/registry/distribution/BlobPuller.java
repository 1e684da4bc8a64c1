package org.jbuildkit.registry.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.function.LongConsumer;
import org.jbuildkit.registry.auth.Scope;
import org.jbuildkit.registry.hosts.RegistryEndpoint;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one blob: streams it into a temporary file beside the target while hashing, resumes
 * with a Range request when the connection drops, verifies size and digest, fsyncs, then renames.
 * A failed or corrupt download leaves nothing at the target. {@code progress} hears the bytes received
 * so far after every chunk (0 again when a registry ignores a Range request and the download restarts).
 */
final class BlobPuller {
    private static final Logger LOG = LoggerFactory.getLogger(BlobPuller.class);
    private static final int MAX_RESUMES = 3;

    private final RegistryCall call;

    BlobPuller(RegistryCall call) {
        this.call = call;
    }

    void fetch(RegistryEndpoint endpoint, String repository, Descriptor blob, Path target, LongConsumer progress) {
        Path dir = target.toAbsolutePath().getParent();
        Path partial;
        try {
            Files.createDirectories(dir);
            partial = Files.createTempFile(dir, ".download-" + blob.digest().shortHex(), ".partial");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a download file in " + dir + ": " + e.getMessage(), e);
        }
        try {
            download(endpoint, repository, blob, partial, progress);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store blob " + blob.digest() + " at " + target + ": "
                    + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                LOG.warn("could not remove {}: {}", partial, e.getMessage());
            }
        }
    }

    private void download(RegistryEndpoint endpoint, String repository, Descriptor blob, Path partial,
            LongConsumer progress) throws IOException {
        String path = repository + "/blobs/" + blob.digest();
        MessageDigest hasher = blob.digest().newDigester();
        long written = 0;
        for (int resumes = 0; ; resumes++) {
            HttpRequest.Builder request = HttpRequest.newBuilder().GET();
            if (written > 0) {
                request.header("Range", "bytes=" + written + "-");
            }
            HttpResponse<InputStream> response = call.send(endpoint, path, request,
                    HttpResponse.BodyHandlers.ofInputStream(), List.of(Scope.pull(repository)));
            int status = response.statusCode();
            if (status == 200 && written > 0) {
                LOG.info("{}: registry ignored the Range request for {}; downloading again from the start",
                        endpoint.host(), blob.digest());
                written = 0;
                hasher.reset();
                progress.accept(0);
            } else if (status != 200 && status != 206) {
                byte[] body = readSome(response.body());
                throw new RegistryResponseException("GET " + endpoint.host() + "/v2/" + path, status, body,
                        status == 404 ? "the blob is missing from " + repository : null);
            }
            try (InputStream in = response.body();
                    OutputStream out = Files.newOutputStream(partial, StandardOpenOption.WRITE,
                            written == 0 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    if (written + n > blob.size()) {
                        throw new DigestMismatchException("blob " + blob.digest() + " from " + endpoint.host(),
                                blob.digest(), Digest.ofSha256(hasher), written + n);
                    }
                    hasher.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    written += n;
                    progress.accept(written);
                }
            } catch (IOException e) {
                if (resumes >= MAX_RESUMES) {
                    throw new IOException("download of " + blob.digest() + " from " + endpoint.host() + " broke off "
                            + (resumes + 1) + " times, last at byte " + written + ": " + e.getMessage(), e);
                }
                LOG.info("{}: download of {} broke off at byte {} ({}); resuming", endpoint.host(), blob.digest(),
                        written, e.getMessage());
                continue;
            }
            if (written < blob.size()) {
                if (resumes >= MAX_RESUMES) {
                    throw new IOException("blob " + blob.digest() + " from " + endpoint.host() + " ended at byte "
                            + written + " of " + blob.size());
                }
                continue;
            }
            break;
        }
        Digest actual = new Digest(blob.digest().algorithm(), java.util.HexFormat.of().formatHex(hasher.digest()));
        if (!actual.equals(blob.digest())) {
            throw new DigestMismatchException("blob from " + endpoint.host() + "/" + repository, blob.digest(), actual,
                    written);
        }
        try (var channel = java.nio.channels.FileChannel.open(partial, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static byte[] readSome(InputStream in) throws IOException {
        try (in) {
            return in.readNBytes(4096);
        }
    }
}
