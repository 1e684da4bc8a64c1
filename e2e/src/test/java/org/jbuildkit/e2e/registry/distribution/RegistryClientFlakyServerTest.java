package org.jbuildkit.e2e.registry.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jbuildkit.registry.distribution.DigestMismatchException;
import org.jbuildkit.registry.distribution.RegistryClient;
import org.jbuildkit.registry.distribution.RegistryResponseException;
import org.jbuildkit.registry.distribution.ResolvedManifest;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.MediaTypes;
import org.jbuildkit.registry.reference.ImageReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a registry that drops connections, corrupts blobs and answers 503: it resumes, refuses and retries. */
class RegistryClientFlakyServerTest {

    private static final String REPOSITORY = "flaky/app";

    private final byte[] blob = randomBytes(1 << 20);
    private final Descriptor blobDescriptor = Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(blob), blob.length);
    private final byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
            + "\",\"config\":{},\"layers\":[]}").getBytes(StandardCharsets.UTF_8);

    private FakeRegistry registry;
    private RegistryClient client;

    @BeforeEach
    void start() {
        registry = FakeRegistry.start();
        client = RegistryClients.anonymous(Map.of());
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void droppedBlobDownloadResumesWithARangeRequestAndIsVerified(@TempDir Path dir) throws IOException {
        String path = REPOSITORY + "/blobs/" + blobDescriptor.digest();
        registry.route(path, exchange -> {
            String range = exchange.getRequestHeaders().getFirst("Range");
            if (range == null) {
                sendHalfThenDrop(exchange, blob);
            } else {
                sendRange(exchange, blob, Long.parseLong(range.substring("bytes=".length(), range.length() - 1)));
            }
        });

        Path target = dir.resolve("blob");
        client.fetchBlob(registry.host(), REPOSITORY, blobDescriptor, target);

        assertThat(Files.readAllBytes(target)).isEqualTo(blob);
        var gets = registry.requests("GET", path);
        assertThat(gets).as("one full GET, then one resumed").hasSize(2);
        assertThat(gets.get(0).range()).isNull();
        assertThat(gets.get(1).range()).matches("bytes=\\d+-");
        long resumedAt = Long.parseLong(gets.get(1).range().replaceAll("\\D", ""));
        assertThat(resumedAt).as("resumes where the dropped download ended").isPositive().isLessThanOrEqualTo(blob.length / 2);
        assertThat(leftovers(dir)).containsExactly(target);
    }

    @Test
    void blobWhoseBytesDoNotMatchItsDigestIsDiscarded(@TempDir Path dir) {
        byte[] corrupt = blob.clone();
        corrupt[corrupt.length / 3] ^= 0x5a;
        registry.route(REPOSITORY + "/blobs/" + blobDescriptor.digest(), exchange -> send(exchange, 200, corrupt));

        Path target = dir.resolve("blob");
        assertThatThrownBy(() -> client.fetchBlob(registry.host(), REPOSITORY, blobDescriptor, target))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining(blobDescriptor.digest().toString())
                .hasMessageContaining(Digest.sha256(corrupt).toString())
                .hasMessageContaining("nothing was stored");
        assertThat(target).doesNotExist();
        assertThat(leftovers(dir)).as("no .partial file is left behind").isEmpty();
    }

    @Test
    void manifestHeadAnswering503TwiceIsRetriedUntilItResolves() {
        AtomicInteger heads = new AtomicInteger();
        registry.route(REPOSITORY + "/manifests/v1", exchange -> {
            if (heads.incrementAndGet() <= 2) {
                send(exchange, 503, "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"try later\"}]}"
                        .getBytes(StandardCharsets.UTF_8));
            } else {
                headManifest(exchange);
            }
        });

        ResolvedManifest resolved = client.resolve(ImageReference.parse(registry.host() + "/" + REPOSITORY + ":v1"));

        assertThat(resolved.descriptor()).isEqualTo(Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(manifest),
                manifest.length));
        assertThat(registry.requests("HEAD", REPOSITORY + "/manifests/v1")).hasSize(3);
    }

    @Test
    void manifestHeadAnswering503ForeverFailsAfterThreeAttempts() {
        registry.route(REPOSITORY + "/manifests/v1", exchange -> send(exchange, 503, new byte[0]));

        assertThatThrownBy(() -> client.resolve(ImageReference.parse(registry.host() + "/" + REPOSITORY + ":v1")))
                .isInstanceOfSatisfying(RegistryResponseException.class, e -> assertThat(e.status()).isEqualTo(503))
                .hasMessageContaining(registry.host());
        assertThat(registry.requests("HEAD", REPOSITORY + "/manifests/v1")).hasSize(3);
    }

    /** Promises the whole blob, sends half, then closes the connection (the server then reports too few bytes). */
    private static void sendHalfThenDrop(HttpExchange exchange, byte[] content) throws IOException {
        exchange.sendResponseHeaders(200, content.length);
        OutputStream out = exchange.getResponseBody();
        out.write(content, 0, content.length / 2);
        out.flush();
        // Closing with bytes still owed makes the server drop the connection, which is the point.
        exchange.close();
    }

    private static void sendRange(HttpExchange exchange, byte[] content, long from) throws IOException {
        int start = (int) from;
        exchange.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + (content.length - 1) + "/"
                + content.length);
        exchange.sendResponseHeaders(206, content.length - start);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(content, start, content.length - start);
        }
    }

    private void headManifest(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", MediaTypes.OCI_MANIFEST);
        exchange.getResponseHeaders().set("Docker-Content-Digest", Digest.sha256(manifest).toString());
        exchange.getResponseHeaders().set("Content-Length", Integer.toString(manifest.length));
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(body);
            }
        }
    }

    private static java.util.List<Path> leftovers(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        return bytes;
    }
}
