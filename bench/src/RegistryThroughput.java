import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;
import org.jbuildkit.registry.auth.CredentialSource;
import org.jbuildkit.registry.auth.RegistryAuthenticator;
import org.jbuildkit.registry.auth.TokenFetcher;
import org.jbuildkit.registry.distribution.RegistryClient;
import org.jbuildkit.registry.distribution.UploadMode;
import org.jbuildkit.registry.hosts.RegistryHosts;
import org.jbuildkit.registry.hosts.RegistryTransport;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.ImageJson;
import org.jbuildkit.registry.image.ImageManifest;
import org.jbuildkit.registry.image.MediaTypes;
import org.jbuildkit.registry.reference.ImageReference;

/**
 * Benchmark, not a test: pushes and pulls one multi-layer image through jbuildkit's RegistryClient.
 * Usage: RegistryThroughput make LAYOUT_DIR LAYERS MB_PER_LAYER | push LAYOUT_DIR HOST REPO | pull HOST REPO OUT_DIR
 * The layout is an OCI image layout (so skopeo/buildah can push the very same bytes).
 */
public final class RegistryThroughput {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "make" -> make(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "push" -> push(Path.of(args[1]), args[2], args[3]);
            case "pull" -> pull(args[1], args[2], Path.of(args[3]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    static RegistryClient client() {
        CredentialSource none = host -> Optional.empty();
        RegistryAuthenticator auth = new RegistryAuthenticator(none,
                new TokenFetcher(HttpClient.newHttpClient(), Clock.systemUTC()), Clock.systemUTC());
        return new RegistryClient(RegistryHosts.of(Map.of()), new RegistryTransport(), auth, 4,
                Duration.ofMillis(200), UploadMode.MONOLITHIC);
    }

    /** Layers of incompressible data (what dominates real transfer time), gzip level 1. */
    static void make(Path dir, int layers, int mbPerLayer) throws IOException {
        Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
        Random random = new Random(7);
        List<Descriptor> descriptors = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            Path tmp = dir.resolve("layer.tmp");
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp), 1 << 16) {
                { def.setLevel(1); }
            }) {
                out.write(ustarHeader("file" + i, (long) mbPerLayer << 20));
                byte[] chunk = new byte[1 << 20];
                for (int mb = 0; mb < mbPerLayer; mb++) {
                    random.nextBytes(chunk);
                    out.write(chunk);
                }
                out.write(new byte[1024]);
            }
            Digest digest = Digest.sha256(Files.readAllBytes(tmp));
            Files.move(tmp, blobs.resolve(digest.hex()));
            descriptors.add(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, digest, Files.size(blobs.resolve(digest.hex()))));
        }
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes();
        Digest configDigest = Digest.sha256(config);
        Files.write(blobs.resolve(configDigest.hex()), config);
        byte[] manifest = ImageJson.canonical(ImageManifest.oci(
                Descriptor.of(MediaTypes.OCI_CONFIG, configDigest, config.length), descriptors));
        Digest manifestDigest = Digest.sha256(manifest);
        Files.write(blobs.resolve(manifestDigest.hex()), manifest);
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + manifestDigest + "\",\"size\":" + manifest.length
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"latest\"}}]}");
    }

    /** A minimal POSIX ustar header for one regular file (sizes are whole MiB, so no padding is needed). */
    static byte[] ustarHeader(String name, long size) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644\0");
        put(h, 108, "0000000\0");
        put(h, 116, "0000000\0");
        put(h, 124, String.format("%011o\0", size));
        put(h, 136, "00000000000\0");
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = '0';
        put(h, 257, "ustar\0");
        put(h, 263, "00");
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o\0 ", sum));
        return h;
    }

    private static void put(byte[] h, int offset, String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, h, offset, bytes.length);
    }

    static void push(Path layout, String host, String repo) throws Exception {
        String index = Files.readString(layout.resolve("index.json"));
        String hex = index.replaceAll("(?s).*\"digest\":\"sha256:([0-9a-f]{64})\".*", "$1");
        byte[] manifestBytes = Files.readAllBytes(layout.resolve("blobs/sha256/" + hex));
        ImageManifest manifest = ImageJson.read(manifestBytes, ImageManifest.class, "manifest");
        RegistryClient client = client();
        List<Descriptor> blobs = new ArrayList<>(manifest.layers());
        blobs.add(manifest.config());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> pending = new ArrayList<>();
        for (Descriptor blob : blobs) {
            pending.add(pool.submit(() -> client.pushBlob(host, repo, blob,
                    layout.resolve("blobs/sha256/" + blob.digest().hex()), Optional.empty())));
        }
        for (Future<?> f : pending) {
            f.get();
        }
        pool.shutdown();
        client.pushManifest(ImageReference.parse(host + "/" + repo + ":latest"), MediaTypes.OCI_MANIFEST, manifestBytes);
    }

    static void pull(String host, String repo, Path out) throws Exception {
        RegistryClient client = client();
        ImageReference ref = ImageReference.parse(host + "/" + repo + ":latest");
        var resolved = client.resolve(ref);
        ImageManifest manifest = ImageJson.read(client.fetchManifest(ref, resolved.descriptor()), ImageManifest.class,
                "manifest");
        Files.createDirectories(out);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> pending = new ArrayList<>();
        List<Descriptor> blobs = new ArrayList<>(manifest.layers());
        blobs.add(manifest.config());
        for (Descriptor blob : blobs) {
            pending.add(pool.submit(() -> {
                client.fetchBlob(host, repo, blob, out.resolve(blob.digest().hex()));
                return null;
            }));
        }
        for (Future<?> f : pending) {
            f.get();
        }
        pool.shutdown();
    }
}
