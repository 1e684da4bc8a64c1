package org.jbuildkit.daemon.exporter.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.jbuildkit.daemon.exporter.ExportSource;
import org.jbuildkit.daemon.exporter.ExporterException;
import org.jbuildkit.daemon.worker.content.ContentStore;
import org.jbuildkit.daemon.worker.content.ContentWriter;
import org.jbuildkit.daemon.worker.metadata.LayerBlob;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.Platform;

/**
 * Makes an image from a build result, as upstream's {@code containerimage} image writer does: the layers of the
 * result's snapshot chain ({@link ImageLayers}), the config ({@link ImageConfigs}) and the manifest, all stored in
 * the content store, ready for an archive or a registry.
 */
final class ImageAssembler {
    private final ImageLayers layers;
    private final ContentStore content;
    private final Platform platform;
    private final Clock clock;

    ImageAssembler(ImageLayers layers, ContentStore content, Platform platform, Clock clock) {
        this.layers = layers;
        this.content = content;
        this.platform = platform;
        this.clock = clock;
    }

    AssembledImage assemble(ExportSource source, ImageExportOptions options, BooleanSupplier cancelled)
            throws IOException, ExporterException {
        List<LayerBlob> blobs = source.snapshot().isEmpty() ? List.of()
                : layers.blobs(layers.chain(source.snapshot().get()), options.compression(), options.layerEpoch(),
                        cancelled);
        List<Digest> diffIds = blobs.stream().map(LayerBlob::diffId).toList();
        byte[] configBytes = ImageConfigs.config(source.metadata(ExportSource.IMAGE_CONFIG).orElse(null), platform, diffIds,
                clock.instant(), options.epochSeconds());
        Optional<byte[]> inlineCache = source.metadata(ExportSource.INLINE_CACHE);
        if (inlineCache.isPresent()) {
            configBytes = ImageConfigs.withInlineCache(configBytes, inlineCache.get());
        }
        boolean oci = options.ociMediaTypes();
        Descriptor config = store(ImageManifests.configType(oci), configBytes, "image config");
        List<Descriptor> layerDescriptors = new ArrayList<>();
        for (LayerBlob blob : blobs) {
            Descriptor d = blob.blob();
            layerDescriptors.add(Descriptor.of(ImageManifests.layerType(d.mediaType(), oci), d.digest(), d.size()));
        }
        byte[] manifestBytes = ImageManifests.manifest(oci, config, layerDescriptors, options.annotations());
        Descriptor manifest = store(ImageManifests.manifestType(oci), manifestBytes, "image manifest");
        return new AssembledImage(manifest, manifestBytes, config, configBytes, layerDescriptors);
    }

    /** The exporter response upstream's image exporters give ({@code containerimage.*}, {@code image.name}). */
    static Map<String, String> response(AssembledImage image, ImageExportOptions options) {
        Map<String, String> response = new TreeMap<>();
        response.put("containerimage.digest", image.manifest().digest().toString());
        response.put("containerimage.config.digest", image.config().digest().toString());
        response.put("containerimage.descriptor", Base64.getEncoder().encodeToString(
                ImageManifests.bytes(ImageManifests.descriptor(image.manifest()))));
        if (!options.names().isEmpty()) {
            response.put("image.name", String.join(",", options.names()));
        }
        return response;
    }

    private Descriptor store(String mediaType, byte[] bytes, String what) throws IOException {
        Descriptor descriptor = Descriptor.of(mediaType, Digest.sha256(bytes), bytes.length);
        if (!content.exists(descriptor.digest())) {
            try (ContentWriter writer = content.writer(descriptor, what + " export")) {
                writer.write(ByteBuffer.wrap(bytes));
                writer.commit();
            }
        }
        return descriptor;
    }
}
