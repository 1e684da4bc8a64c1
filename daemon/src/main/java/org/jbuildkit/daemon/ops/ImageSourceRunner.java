package org.jbuildkit.daemon.ops;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jbuildkit.daemon.solver.CacheMap;
import org.jbuildkit.daemon.solver.CachePart;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.OpRunner;
import org.jbuildkit.daemon.solver.ProgressStatus;
import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.solver.SessionGroup;
import org.jbuildkit.daemon.solver.ThrottledStatus;
import org.jbuildkit.daemon.solver.Vertex;
import org.jbuildkit.daemon.resolver.ResolverPool;
import org.jbuildkit.daemon.worker.content.LocalContentStore;
import org.jbuildkit.daemon.worker.metadata.BlobSource;
import org.jbuildkit.daemon.worker.metadata.LayerBlob;
import org.jbuildkit.daemon.worker.metadata.LayerBlobIndex;
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
 * unpack them into a snapshot chain shared by every image with the same layers. Progress shows what
 * upstream's does: {@code resolve <ref>@<digest>}, one status per downloaded layer (ID the layer digest,
 * bytes received of its size) and {@code extracting <digest>} while a layer is unpacked. Resolves and
 * pulls use the registry credentials of the build's client session.
 */
public final class ImageSourceRunner implements OpRunner {
    private static final String SCHEME = "docker-image://";

    private final ResolverPool resolvers;
    private final LocalContentStore content;
    private final Snapshotter snapshotter;
    private final Platform platform;
    private final Clock clock;
    private final LayerBlobIndex blobs;
    /** The latest resolution per vertex: every solve resolves again (a tag may have moved), exec uses it. */
    private final Map<String, Resolution> resolved = new ConcurrentHashMap<>();
    private final Map<String, SnapshotId> chains = new ConcurrentHashMap<>();

    public ImageSourceRunner(ResolverPool resolvers, LocalContentStore content, Snapshotter snapshotter,
            Platform platform) {
        this(resolvers, content, snapshotter, platform, Clock.systemUTC(), new LayerBlobIndex());
    }

    /** Records each unpacked layer's blob in {@code blobs}, so exporters reuse it instead of recompressing. */
    public ImageSourceRunner(ResolverPool resolvers, LocalContentStore content, Snapshotter snapshotter,
            Platform platform, LayerBlobIndex blobs) {
        this(resolvers, content, snapshotter, platform, Clock.systemUTC(), blobs);
    }

    ImageSourceRunner(ResolverPool resolvers, LocalContentStore content, Snapshotter snapshotter, Platform platform,
            Clock clock) {
        this(resolvers, content, snapshotter, platform, clock, new LayerBlobIndex());
    }

    private ImageSourceRunner(ResolverPool resolvers, LocalContentStore content, Snapshotter snapshotter,
            Platform platform, Clock clock, LayerBlobIndex blobs) {
        this.blobs = blobs;
        this.resolvers = resolvers;
        this.content = content;
        this.snapshotter = snapshotter;
        this.platform = platform;
        this.clock = clock;
    }

    /** A reference resolved to its manifest or index, and when that took place (shown as the resolve status). */
    private record Resolution(ResolvedManifest manifest, Instant started, Instant completed) {
    }

    @Override
    public CacheMap cacheMap(Vertex vertex) {
        return cacheMap(vertex, SessionGroup.NONE);
    }

    @Override
    public CacheMap cacheMap(Vertex vertex, SessionGroup sessions) {
        ImageReference ref = reference(vertex);
        Resolution resolution = resolve(resolvers.resolver(sessions), ref);
        resolved.put(vertex.digest(), resolution);
        Digest digest = resolution.manifest().descriptor().digest();
        Platform platform = platformOf(vertex);
        return CacheMap.byKeys(keyDigest(ref.name(), digest, platform), 0).withParts(List.of(
                CachePart.shown("image", "the image", ref.name()),
                CachePart.shown("image.digest", "the image digest", digest.toString()),
                CachePart.shown("platform", "the platform", platform.toString())));
    }

    /** The cache-map digest: the image by name and resolved digest, for this worker's platform. */
    static String keyDigest(String name, Digest digest, Platform platform) {
        return OpDigests.of(SCHEME + name + "@" + digest + " " + platform);
    }

    private Resolution resolve(RegistryClient registry, ImageReference ref) {
        Instant started = clock.instant();
        ResolvedManifest manifest = registry.resolve(ref);
        return new Resolution(manifest, started, clock.instant());
    }

    @Override
    public List<ResultRef> exec(Vertex vertex, List<ResultRef> inputs, ExecContext context) throws Exception {
        ImageReference ref = reference(vertex);
        RegistryClient registry = resolvers.resolver(context.sessions());
        Resolution resolution = resolved.remove(vertex.digest());
        if (resolution == null) {
            resolution = resolve(registry, ref);
        }
        ResolvedManifest top = resolution.manifest();
        context.status(new ProgressStatus("resolve " + resolvedName(ref, top.descriptor().digest()), "", 0, 0,
                resolution.started(), resolution.completed()));
        ImageManifest manifest = manifest(registry, ref, top.descriptor(), platformOf(vertex));
        ImageConfig config = ImageJson.read(blob(registry, ref, manifest.config()), ImageConfig.class, "config of " + ref);
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
            pullLayer(registry, ref, layer, context);
            ThrottledStatus extracting = ThrottledStatus.start(context, clock, "extracting " + layer.digest(),
                    "extracting", 0);
            try (InputStream in = content.open(layer.digest())) {
                parent = LayerApplier.unpack(snapshotter, "extract-" + chain.substring(7, 27) + "-"
                        + org.jbuildkit.api.Identity.newId(), parent, layer, diffIds.get(i), in);
            }
            extracting.complete(0);
            blobs.record(parent, new LayerBlob(layer, diffIds.get(i)), new BlobSource(ref.registry(), ref.repository()));
            chains.put(chain, parent);
        }
        if (parent == null) {
            throw new IllegalStateException("image " + ref + " has no layers");
        }
        return List.of(new SnapshotResult(parent));
    }

    /** {@code host/repo:tag@digest}, as upstream's resolve status names it ({@code :latest} when neither was given). */
    private static String resolvedName(ImageReference ref, Digest digest) {
        String tag = ref.tagIfSet().orElse(ref.digestIfSet().isPresent() ? null : ImageReference.DEFAULT_TAG);
        return ref.name() + (tag == null ? "" : ":" + tag) + "@" + digest;
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

    /** The platform the op asks for ({@code FROM --platform}, {@code --opt platform}), else the worker's. */
    private Platform platformOf(Vertex vertex) {
        org.jbuildkit.api.pb.Platform p = vertex.op().getPlatform();
        if (p.getOS().isEmpty() || p.getArchitecture().isEmpty()) {
            return platform;
        }
        return Platform.of(p.getOS(), p.getArchitecture(), p.getVariant().isEmpty() ? null : p.getVariant())
                .normalized();
    }

    private ImageManifest manifest(RegistryClient registry, ImageReference ref, Descriptor top, Platform platform)
            throws IOException {
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

    private byte[] blob(RegistryClient registry, ImageReference ref, Descriptor descriptor) throws IOException {
        ensureBlob(registry, ref, descriptor);
        try (InputStream in = content.open(descriptor.digest())) {
            return in.readAllBytes();
        }
    }

    /** Downloads a layer the content store lacks, reporting bytes received under the layer's digest. */
    private void pullLayer(RegistryClient registry, ImageReference ref, Descriptor layer, ExecContext context)
            throws IOException {
        if (content.exists(layer.digest())) {
            return;
        }
        ThrottledStatus status = ThrottledStatus.start(context, clock, layer.digest().toString(), "", layer.size());
        registry.fetchBlob(ref.registry(), ref.repository(), layer, content.blobPath(layer.digest()), status::update);
        status.complete(layer.size());
    }

    private void ensureBlob(RegistryClient registry, ImageReference ref, Descriptor descriptor) throws IOException {
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
