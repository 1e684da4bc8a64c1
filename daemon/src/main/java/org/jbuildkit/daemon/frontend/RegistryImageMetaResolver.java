package org.jbuildkit.daemon.frontend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.OpMetadata;
import org.jbuildkit.daemon.resolver.ResolverPool;
import org.jbuildkit.daemon.solver.ProgressSink;
import org.jbuildkit.daemon.solver.SessionGroup;
import org.jbuildkit.daemon.solver.Vertex;
import org.jbuildkit.daemon.worker.content.LocalContentStore;
import org.jbuildkit.dockerfile.ImageMetaResolver;
import org.jbuildkit.dockerfile.ResolvedImage;
import org.jbuildkit.llb.ImageOptions;
import org.jbuildkit.llb.Platform;
import org.jbuildkit.registry.distribution.RegistryClient;
import org.jbuildkit.registry.distribution.ResolvedManifest;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.ImageIndex;
import org.jbuildkit.registry.image.ImageJson;
import org.jbuildkit.registry.image.ImageManifest;
import org.jbuildkit.registry.image.MediaTypes;
import org.jbuildkit.registry.reference.ImageReference;

/**
 * Base image metadata for one build's Dockerfile (upstream's {@code ResolveImageConfig}): the reference resolved
 * with the build's session credentials, the platform's manifest picked from an index, and its config, each lookup
 * shown as an {@code [internal] load metadata for <ref>} vertex. Answers are cached for the build, so a base named
 * by several stages is asked for once. Registry failures keep the registry layer's diagnosis.
 */
final class RegistryImageMetaResolver implements ImageMetaResolver {
    /** An image config is a few kilobytes; this is a guard, not a limit anyone meets. */
    private static final long MAX_CONFIG_BYTES = 8L << 20;

    private final ResolverPool registries;
    private final LocalContentStore content;
    private final SessionGroup sessions;
    private final ProgressSink progress;
    private final Clock clock;
    private final Map<String, CompletableFuture<ResolvedImage>> resolved = new ConcurrentHashMap<>();

    RegistryImageMetaResolver(ResolverPool registries, LocalContentStore content, SessionGroup sessions,
            ProgressSink progress, Clock clock) {
        this.registries = registries;
        this.content = content;
        this.sessions = sessions;
        this.progress = progress;
        this.clock = clock;
    }

    @Override
    public ResolvedImage resolve(String ref, Platform platform, ImageOptions.ResolveMode mode)
            throws DockerfileResolveException, InterruptedException {
        ImageReference reference;
        try {
            reference = ImageReference.parse(ref);
        } catch (IllegalArgumentException e) {
            throw new DockerfileResolveException("invalid image reference '" + ref + "': " + e.getMessage(), e);
        }
        CompletableFuture<ResolvedImage> mine = new CompletableFuture<>();
        CompletableFuture<ResolvedImage> known = resolved.putIfAbsent(reference + " " + platform, mine);
        if (known == null) {
            try {
                mine.complete(lookUp(reference, platform));
            } catch (RuntimeException | IOException e) {
                mine.completeExceptionally(e);
            }
            known = mine;
        }
        try {
            return known.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new DockerfileResolveException(cause.getMessage() == null ? cause.toString() : cause.getMessage(),
                    cause);
        }
    }

    /** The registry's answer, shown as its own vertex on the build's progress. */
    private ResolvedImage lookUp(ImageReference reference, Platform platform) throws IOException {
        Vertex vertex = vertex(reference, platform);
        Instant started = clock.instant();
        progress.started(vertex, started);
        try {
            ResolvedImage image = fetch(reference, platform);
            progress.completed(vertex, started, clock.instant(), false, null);
            return image;
        } catch (RuntimeException | IOException e) {
            progress.completed(vertex, started, clock.instant(), false, e);
            throw e;
        }
    }

    private ResolvedImage fetch(ImageReference reference, Platform platform) throws IOException {
        RegistryClient registry = registries.resolver(sessions);
        ResolvedManifest top = registry.resolve(reference);
        Descriptor descriptor = top.descriptor();
        byte[] manifest = registry.fetchManifest(reference, descriptor);
        if (MediaTypes.isIndex(descriptor.mediaType())) {
            org.jbuildkit.registry.image.Platform wanted = registryPlatform(platform);
            ImageIndex index = ImageJson.read(manifest, ImageIndex.class, "index of " + reference);
            Descriptor chosen = index.manifestFor(wanted).orElseThrow(() -> new IllegalStateException("image "
                    + reference + " has no manifest for " + wanted + " (it has " + index.manifests().stream()
                    .map(d -> String.valueOf(d.platform())).toList() + "); pick another base image or --opt platform="));
            manifest = registry.fetchManifest(reference, chosen);
        }
        ImageManifest image = ImageJson.read(manifest, ImageManifest.class, "manifest of " + reference);
        return new ResolvedImage(nameWithoutDigest(reference), descriptor.digest().toString(),
                config(registry, reference, image.config()));
    }

    private byte[] config(RegistryClient registry, ImageReference reference, Descriptor config) throws IOException {
        if (config.size() > MAX_CONFIG_BYTES) {
            throw new IOException("the config of " + reference + " is " + config.size() + " bytes; refusing to read"
                    + " more than " + MAX_CONFIG_BYTES);
        }
        if (!content.exists(config.digest())) {
            registry.fetchBlob(reference.registry(), reference.repository(), config, content.blobPath(config.digest()));
        }
        try (InputStream in = content.open(config.digest())) {
            return in.readNBytes((int) MAX_CONFIG_BYTES);
        }
    }

    /** {@code host/repo:tag}, {@code :latest} when the Dockerfile named neither tag nor digest. */
    static String nameWithoutDigest(ImageReference reference) {
        if (reference.tagIfSet().isPresent() || reference.digestIfSet().isEmpty()) {
            return reference.name() + ":" + reference.tagOrDefault();
        }
        return reference.name();
    }

    static org.jbuildkit.registry.image.Platform registryPlatform(Platform platform) {
        return org.jbuildkit.registry.image.Platform.of(platform.os(), platform.architecture(),
                platform.variant() == null ? "" : platform.variant()).normalized();
    }

    /** As upstream's builder context: named after the lookup, its digest that of the reference and platform. */
    private static Vertex vertex(ImageReference reference, Platform platform) {
        MessageDigest sha = Digest.sha256Digester();
        sha.update(("load metadata for " + reference + " " + platform).getBytes(StandardCharsets.UTF_8));
        return new Vertex(Digest.ofSha256(sha).toString(), Op.getDefaultInstance(), List.of(),
                OpMetadata.newBuilder().putDescription("llb.customname", "[internal] load metadata for " + reference)
                        .build());
    }
}
