package org.jbuildkit.e2e.registry.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.ProxyRegistryFixture;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.registry.distribution.RegistryClient;
import org.jbuildkit.registry.distribution.ResolvedManifest;
import org.jbuildkit.registry.hosts.RegistryHostConfig;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.ImageJson;
import org.jbuildkit.registry.image.ImageManifest;
import org.jbuildkit.registry.reference.ImageReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mirrors = [...]} with a real pull-through cache: a second docker-registry with {@code proxy: remoteurl}
 * in front of the origin answers the resolve and every blob and keeps them; a mirror that is down is skipped.
 */
class PullThroughMirrorTest {

    private static final String REPOSITORY = "library/busybox";
    /** The proxy stores a blob in the background after serving it, so its storage is checked with patience. */
    private static final Duration STORED_WITHIN = Duration.ofSeconds(20);

    @RegisterExtension
    static final RegistryFixture ORIGIN = RegistryFixture.plainHttp();

    @BeforeAll
    static void pushToOrigin() {
        BusyboxImage.pushLayout(ORIGIN, REPOSITORY, "latest");
    }

    @Test
    void resolveAndBlobsAreAnsweredByTheMirrorWhichKeepsThem(@TempDir Path pulled) throws IOException {
        try (var proxy = ProxyRegistryFixture.pullThrough(ORIGIN.url()).start()) {
            RegistryClient client = clientWithMirror(proxy.host());
            ImageReference ref = ImageReference.parse(ORIGIN.host() + "/" + REPOSITORY + ":latest");

            ResolvedManifest resolved = client.resolve(ref);
            assertThat(resolved.answeredBy()).as(proxy.logTail()).isEqualTo(proxy.host());
            assertThat(resolved.descriptor().digest().toString())
                    .isEqualTo(BusyboxImage.PREBUILT_MANIFEST_DIGEST.toString());

            List<Descriptor> blobs = fetchAll(client, ref, resolved, pulled);
            assertThat(blobs).hasSize(3);
            for (Descriptor blob : blobs) {
                String digest = blob.digest().toString();
                awaitTrue(() -> proxy.hasBlob(digest), "the proxy stores " + digest + "\n" + proxy.logTail());
                assertThat(proxy.log()).as("the proxy served the blob")
                        .contains("/v2/" + REPOSITORY + "/blobs/" + digest);
            }
        }
    }

    @Test
    void mirrorDownFallsBackToTheOrigin(@TempDir Path pulled) throws IOException {
        String closed = "127.0.0.1:" + closedPort();
        RegistryClient client = clientWithMirror(closed);
        ImageReference ref = ImageReference.parse(ORIGIN.host() + "/" + REPOSITORY + ":latest");

        ResolvedManifest resolved = client.resolve(ref);

        assertThat(resolved.answeredBy()).isEqualTo(ORIGIN.host());
        assertThat(resolved.descriptor().digest().toString())
                .isEqualTo(BusyboxImage.PREBUILT_MANIFEST_DIGEST.toString());
        assertThat(fetchAll(client, ref, resolved, pulled)).hasSize(3);
    }

    private static RegistryClient clientWithMirror(String mirror) {
        return RegistryClients.anonymous(Map.of(ORIGIN.host(),
                RegistryHostConfig.section("PullThroughMirrorTest").withMirrors(List.of(mirror))));
    }

    /** Fetches the manifest, config and layers through the client, each verified; returns the blobs. */
    private static List<Descriptor> fetchAll(RegistryClient client, ImageReference ref, ResolvedManifest resolved,
            Path dir) throws IOException {
        byte[] manifestBytes = client.fetchManifest(ref, resolved.descriptor());
        ImageManifest manifest = ImageJson.read(manifestBytes, ImageManifest.class, "manifest");
        List<Descriptor> blobs = new ArrayList<>(manifest.layers());
        blobs.add(manifest.config());
        for (Descriptor blob : blobs) {
            Path target = dir.resolve(blob.digest().hex());
            client.fetchBlob(ref.registry(), ref.repository(), blob, target);
            assertThat(Digest.sha256(Files.readAllBytes(target))).isEqualTo(blob.digest());
        }
        return blobs;
    }

    /** docker-registry gives no signal when it has stored a proxied blob: look until a deadline. */
    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + STORED_WITHIN.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + STORED_WITHIN + ": " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    private static int closedPort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
