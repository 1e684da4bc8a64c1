package org.jbuildkit.daemon.ops;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jbuildkit.daemon.solver.CacheMap;
import org.jbuildkit.daemon.solver.CachePart;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.OpRunner;
import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.solver.Vertex;
import org.jbuildkit.daemon.worker.content.LocalContentStore;
import org.jbuildkit.daemon.worker.snapshot.LayerApplier;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;
import org.jbuildkit.registry.distribution.RegistryClient;
import org.jbuildkit.registry.distribution.ResolvedManifest;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.ImageConfig;
import org.jbuildkit.registry.image.ImageIndex;
import org.jbuildkit.registry.image.ImageJson;
import org.jbuildkit.registry.image.ImageManifest;
import org.jbuildkit.registry.image.MediaTypes;
import org.jbuildkit.registry.image.Platform;
import org.jbuildkit.registry.reference.ImageReference;

/**
 * {@code docker-image://} sources: resolve the reference to a digest (the cache key names the
 * digest, so a moved tag is a new key), pull only layers the content store lacks, verify them, and
 * unpack them into a snapshot chain shared by every image with the same layers.
 */
public final class ImageSourceRunner implements OpRunner {
    private static final String SCHEME = "docker-image://";

    private final RegistryClient registry;
    private final LocalContentStore content;
    private final Snapshotter snapshotter;
    private final Platform platform;
    private final Map<String, ResolvedManifest> resolved = new ConcurrentHashMap<>();
    private final Map<String, SnapshotId> chains = new ConcurrentHashMap<>();

    public ImageSourceRunner(RegistryClient registry, LocalContentStore content, Snapshotter snapshotter,
            Platform platform) {
        this.registry = registry;
        this.content = content;
        this.snapshotter = snapshotter;
        this.platform = platform;
    }

    @Override
    public CacheMap cacheMap(Vertex vertex) {
        ImageReference ref = reference(vertex);
        ResolvedManifest manifest = resolved.computeIfAbsent(vertex.digest(), d -> registry.resolve(ref));
        return CacheMap.byKeys(keyDigest(ref.name(), manifest.descriptor().digest(), platform), 0).withParts(List.of(
                CachePart.shown("image", "the image", ref.name()),
                CachePart.shown("image.digest", "the image digest", manifest.descriptor().digest().toString()),
                CachePart.shown("platform", "the platform", platform.toString())));
    }

    /** The cache-map digest: the image by name and resolved digest, for this worker's platform. */
    static String keyDigest(String name, Digest digest, Platform platform) {
        return OpDigests.of(SCHEME + name + "@" + digest + " " + platform);
    }

    @Override
    public List<ResultRef> exec(Vertex vertex, List<ResultRef> inputs, ExecContext context) throws Exception {
        ImageReference ref = reference(vertex);
        ResolvedManifest top = resolved.computeIfAbsent(vertex.digest(), d -> registry.resolve(ref));
        ImageManifest manifest = manifest(ref, top.descriptor());
        ImageConfig config = ImageJson.read(blob(ref, manifest.config()), ImageConfig.class, "config of " + ref);
        List<Digest> diffIds = config.rootfs().diffIds();
        if (diffIds.size() != manifest.layers().size()) {
            throw new IllegalStateException("image " + ref + " lists " + manifest.layers().size() + " layers but its"
                    + " config has " + diffIds.size() + " diff_ids; the image is inconsistent");
        }
        SnapshotId parent = null;
        String chain = "";
        for (int i = 0; i < manifest.layers().size(); i++) {
            Descriptor layer = manifest.layers().get(i);
            chain = OpDigests.of(chain + " " + diffIds.get(i));
            SnapshotId existing = chains.get(chain);
            if (existing != null && live(existing)) {
                parent = existing;
                continue;
            }
            ensureBlob(ref, layer);
            try (InputStream in = content.open(layer.digest())) {
                parent = LayerApplier.unpack(snapshotter, "extract-" + chain.substring(7, 27) + "-"
                        + org.jbuildkit.api.Identity.newId(), parent, layer, diffIds.get(i), in);
            }
            chains.put(chain, parent);
            context.log(2, ("unpacked " + layer.digest().shortHex() + "\n").getBytes());
        }
        if (parent == null) {
            throw new IllegalStateException("image " + ref + " has no layers");
        }
        return List.of(new SnapshotResult(parent));
    }

    /** A chain unpacked earlier may have been garbage collected since (its record pruned): then unpack again. */
    private boolean live(SnapshotId snapshot) {
        try {
            snapshotter.parent(snapshot);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private ImageManifest manifest(ImageReference ref, Descriptor top) throws IOException {
        byte[] bytes = registry.fetchManifest(ref, top);
        if (MediaTypes.isIndex(top.mediaType())) {
            ImageIndex index = ImageJson.read(bytes, ImageIndex.class, "index of " + ref);
            Descriptor chosen = index.manifestFor(platform).orElseThrow(() -> new IllegalStateException("image " + ref
                    + " has no manifest for " + platform + " (it has "
                    + index.manifests().stream().map(d -> String.valueOf(d.platform())).toList() + ")"));
            bytes = registry.fetchManifest(ref, chosen);
        }
        return ImageJson.read(bytes, ImageManifest.class, "manifest of " + ref);
    }

    private byte[] blob(ImageReference ref, Descriptor descriptor) throws IOException {
        ensureBlob(ref, descriptor);
        try (InputStream in = content.open(descriptor.digest())) {
            return in.readAllBytes();
        }
    }

    private void ensureBlob(ImageReference ref, Descriptor descriptor) throws IOException {
        if (!content.exists(descriptor.digest())) {
            registry.fetchBlob(ref.registry(), ref.repository(), descriptor, content.blobPath(descriptor.digest()));
        }
    }

    private static ImageReference reference(Vertex vertex) {
        String identifier = vertex.op().getSource().getIdentifier();
        if (!identifier.startsWith(SCHEME)) {
            throw new IllegalArgumentException("not an image source: " + identifier);
        }
        return ImageReference.parse(identifier.substring(SCHEME.length()));
    }
}
