package org.jbuildkit.daemon.exporter.image;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executor;
import org.jbuildkit.daemon.resolver.ResolverPool;
import org.jbuildkit.daemon.worker.content.ContentStore;
import org.jbuildkit.daemon.worker.content.LocalContentStore;
import org.jbuildkit.daemon.worker.metadata.LayerBlobIndex;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.Platform;

/**
 * What the image exporters share, wired once by the worker: the snapshotter whose chains become layers, the
 * content store the blobs go to, the index of blobs already made or pulled, a private directory for layers being
 * compressed ({@code <root>/exports}, emptied at start), the worker's platform for configs of raw LLB builds, and the
 * registry clients of the builds that {@code type=image} pushes with (null: no image output).
 */
public record ImageExportParts(Snapshotter snapshotter, ContentStore content, LayerBlobIndex blobs, Path tempDir,
        Platform platform, Executor executor, Clock clock, ResolverPool resolvers) {

    /** Parts over {@code <root>/exports}, cleared of files a previous run left behind. */
    public static ImageExportParts open(Path root, Snapshotter snapshotter, ContentStore content, LayerBlobIndex blobs,
            Platform platform, Executor executor, Clock clock) throws IOException {
        Path temp = Files.createDirectories(root.resolve("exports"));
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(temp)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
        return new ImageExportParts(snapshotter, content, blobs, temp, platform, executor, clock, null);
    }

    /** The same parts with the builds' registry clients, which the {@code type=image} output pushes with. */
    public ImageExportParts withResolvers(ResolverPool pool) {
        return new ImageExportParts(snapshotter, content, blobs, tempDir, platform, executor, clock, pool);
    }

    /** Layer blobs of snapshot chains, for the remote cache export. */
    public SnapshotLayerBlobs layerBlobs() {
        return new SnapshotLayerBlobs(new ImageLayers(snapshotter, content, blobs, tempDir, executor));
    }

    ImageAssembler assembler() {
        return new ImageAssembler(new ImageLayers(snapshotter, content, blobs, tempDir, executor), content, platform,
                clock);
    }

    /** The file of a stored blob, which a push streams from. */
    Path blobFile(Digest digest) {
        if (content instanceof LocalContentStore local) {
            return local.blobPath(digest);
        }
        throw new IllegalStateException("pushing blob " + digest + " needs the worker's local content store, not a "
                + content.getClass().getSimpleName());
    }
}
