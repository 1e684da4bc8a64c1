package org.jbuildkit.daemon.source.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLException;
import org.jbuildkit.daemon.worker.content.ContentWriter;
import org.jbuildkit.daemon.worker.content.LocalContentStore;
import org.jbuildkit.daemon.worker.metadata.HttpCacheEntry;
import org.jbuildkit.daemon.worker.metadata.MetadataStore;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;

/**
 * Gets the body of an HTTP(S) source into the content store: asks conditionally when the daemon has the
 * body from before (and reuses it on a {@code 304}), else streams it to a temp file while hashing, checks
 * it against {@code http.checksum}, and only then stores it. Remembers each answer's validators.
 */
final class HttpFetcher {
    private static final String MEDIA_TYPE = "application/octet-stream";
    /** How long a server may keep the daemon waiting for its answer or for the next bytes of the body. */
    static final Duration PATIENCE = Duration.ofMinutes(2);

    /** What a source's body is: its digest, the file name it gets, and its Last-Modified (null when none). */
    record Fetched(Digest digest, String filename, String lastModified) {
    }

    private final HttpClient client;
    private final HostTrust.Trust trust;
    private final LocalContentStore content;
    private final MetadataStore metadata;
    private final Path ingest;
    private final Clock clock;
    private final String userAgent;
    private final ScheduledExecutorService timer;

    HttpFetcher(HttpClient client, HostTrust.Trust trust, LocalContentStore content, MetadataStore metadata,
            Path ingest, Clock clock, String userAgent, ScheduledExecutorService timer) {
        this.timer = timer;
        this.client = client;
        this.trust = trust;
        this.content = content;
        this.metadata = metadata;
        this.ingest = ingest;
        this.clock = clock;
        this.userAgent = userAgent;
    }

    /** Without a checksum: revalidates what the daemon has, downloading only when the server has something new. */
    Fetched resolve(HttpIdentifier id) throws IOException {
        Optional<HttpCacheEntry> known = remembered(id);
        if (known.isPresent()) {
            HttpCacheEntry entry = known.get();
            Map<String, String> conditions = HttpRevalidation.conditions(entry);
            if (!conditions.isEmpty()) {
                HttpResponse<InputStream> response = send(id, conditions);
                Optional<String> etag = response.headers().firstValue("ETag");
                if (HttpRevalidation.confirms(entry, response.statusCode(), etag)) {
                    response.body().close();
                    metadata.transaction(tx -> {
                        tx.httpCache().put(entry.checkedAt(clock.instant()));
                        return null;
                    });
                    String suggested = suggestedName(response).orElse(entry.filename());
                    return new Fetched(entry.digest(), HttpFileNames.choose(id.url(), id.filename(), suggested),
                            entry.lastModified());
                }
                if (response.statusCode() != 304) {
                    return store(id, response, null);
                }
                // A 304 for some other body than ours: ask again without conditions.
                response.body().close();
            }
        }
        return store(id, send(id, Map.of()), null);
    }

    /** With a checksum: the body this URL gave before when it has that digest, else a download that must match. */
    Fetched ensure(HttpIdentifier id, String filename) throws IOException {
        Optional<HttpCacheEntry> known = remembered(id).filter(e -> e.digest().equals(id.checksum()));
        if (known.isPresent()) {
            return new Fetched(id.checksum(), filename, known.get().lastModified());
        }
        Fetched fetched = store(id, send(id, Map.of()), id.checksum());
        return new Fetched(fetched.digest(), filename, fetched.lastModified());
    }

    /** The remembered answer for this request, if its body is still in the content store. */
    private Optional<HttpCacheEntry> remembered(HttpIdentifier id) throws IOException {
        Optional<HttpCacheEntry> entry = metadata.read(tx -> tx.httpCache().get(id.requestKey()));
        return entry.isPresent() && content.exists(entry.get().digest()) ? entry : Optional.empty();
    }

    private Fetched store(HttpIdentifier id, HttpResponse<InputStream> response, Digest expected) throws IOException {
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            response.body().close();
            throw new HttpSourceException("GET " + id.url() + " answered " + status + " " + reason(status),
                    status == 404 || status == 410 ? "check the URL: the server has no such file"
                            : status == 401 || status == 403 ? "the server wants credentials, which this daemon does"
                                    + " not send yet; use a URL it serves anonymously"
                                    : "check the URL and the server");
        }
        Digest digest = download(id, response.body(), expected);
        String lastModified = response.headers().firstValue("Last-Modified").orElse(null);
        String suggested = suggestedName(response).orElse("");
        HttpCacheEntry entry = new HttpCacheEntry(id.requestKey(), id.url().toString(),
                response.headers().firstValue("ETag").orElse(null), lastModified, digest,
                content.info(digest).map(i -> i.size()).orElse(0L), suggested, clock.instant());
        metadata.transaction(tx -> {
            tx.httpCache().put(entry);
            return null;
        });
        return new Fetched(digest, HttpFileNames.choose(id.url(), id.filename(), suggested), lastModified);
    }

    /** Streams the body to a temp file while hashing, checks {@code expected}, then stores it; a failure keeps nothing. */
    private Digest download(HttpIdentifier id, InputStream body, Digest expected) throws IOException {
        MessageDigest hasher = expected != null ? expected.newDigester() : Digest.sha256Digester();
        Path temp = Files.createTempFile(ingest, "download-", ".partial");
        try {
            long size = 0;
            StallGuard guard = StallGuard.watch(timer, PATIENCE, body);
            try (guard; InputStream in = body;
                    OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    guard.progressed();
                    hasher.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    size += n;
                }
            } catch (IOException e) {
                String why = guard.fired() ? "no data came for " + PATIENCE.toMinutes() + " minutes" : e.getMessage();
                throw new HttpSourceException("download of " + id.url() + " broke off after " + size + " bytes: "
                        + why + "; nothing was kept", "retry the build; if it repeats, check the server", e);
            }
            Digest actual = new Digest(expected != null ? expected.algorithm() : "sha256",
                    HexFormat.of().formatHex(hasher.digest()));
            if (expected != null && !actual.equals(expected)) {
                throw new HttpSourceException("digest mismatch for " + id.url() + ": expected " + expected + " (the"
                        + " http.checksum), got " + actual + " (" + size + " bytes); nothing was kept",
                        "if the file changed on purpose, update the checksum; otherwise check what the server serves");
            }
            if (!content.exists(actual)) {
                try (ContentWriter writer = content.writer(Descriptor.of(MEDIA_TYPE, actual, size), id.url().toString());
                        FileChannel in = FileChannel.open(temp, StandardOpenOption.READ)) {
                    for (long done = 0; done < size; ) {
                        done += in.transferTo(done, size - done, writer);
                    }
                    writer.commit();
                }
            }
            return actual;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private HttpResponse<InputStream> send(HttpIdentifier id, Map<String, String> conditions) {
        HttpRequest.Builder request = HttpRequest.newBuilder(id.url()).GET().timeout(PATIENCE)
                .setHeader("User-Agent", userAgent);
        id.headers().forEach(h -> request.setHeader(h.name(), h.value()));
        conditions.forEach(request::setHeader);
        String address = id.url().getHost() + (id.url().getPort() > 0 ? ":" + id.url().getPort() : "");
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new HttpSourceException("cannot connect to " + address + " for " + id.url() + ": "
                    + (e.getMessage() == null ? "connection refused" : e.getMessage()),
                    "check that the server is up and reachable from the daemon's host", e);
        } catch (SSLException e) {
            throw new HttpSourceException("TLS with " + address + " failed for " + id.url() + ": " + tlsProblem(e)
                    + " (the daemon trusts " + trust.description() + ")", "give the daemon the server's CA: a PEM"
                    + " file named by SSL_CERT_FILE, or a directory in SSL_CERT_DIR, in buildkitd's environment", e);
        } catch (HttpTimeoutException e) {
            throw new HttpSourceException(address + " did not answer GET " + id.url() + " in time ("
                    + e.getMessage() + ")", "check that the server is up and reachable from the daemon's host", e);
        } catch (IOException e) {
            throw new HttpSourceException("GET " + id.url() + " failed: " + e.getMessage(),
                    "check the URL and that the server answers from the daemon's host", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while fetching " + id.url());
        }
    }

    /** The JDK's words for the usual TLS failures, in the words Go (and so upstream) uses. */
    private static String tlsProblem(SSLException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("unable to find valid certification path")) {
            return "certificate signed by unknown authority";
        }
        if (message.contains("No subject alternative") || message.contains("No name matching")) {
            return "the certificate is not valid for this host (" + message + ")";
        }
        return message;
    }

    private static Optional<String> suggestedName(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Disposition").flatMap(HttpFileNames::dispositionFilename);
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 410 -> "Gone";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 304 -> "Not Modified";
            default -> "";
        };
    }
}
