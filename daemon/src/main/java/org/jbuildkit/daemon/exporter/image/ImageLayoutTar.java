package org.jbuildkit.daemon.exporter.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.jbuildkit.daemon.worker.content.ContentStore;
import org.jbuildkit.daemon.worker.snapshot.NonClosingOutputStream;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.MediaTypes;
import org.jbuildkit.registry.reference.ImageReference;

/**
 * An image as a tarball: the OCI image layout ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/…}) and,
 * for {@code type=docker}, also what {@code docker load} reads ({@code manifest.json}, {@code repositories}), as
 * upstream's archive exporters write it. Each name is one {@code index.json} entry annotated with
 * {@code io.containerd.image.name} (the full reference) and {@code org.opencontainers.image.ref.name} (its tag).
 */
final class ImageLayoutTar {
    static final String REF_NAME = "org.opencontainers.image.ref.name";
    static final String IMAGE_NAME = "io.containerd.image.name";

    private final boolean docker;

    ImageLayoutTar(boolean docker) {
        this.docker = docker;
    }

    /** Writes the tarball to {@code out}, which is left open; entries carry {@code mtimeSeconds}. */
    void write(AssembledImage image, List<ImageReference> names, ContentStore content, long mtimeSeconds,
            OutputStream out, BooleanSupplier cancelled) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new NonClosingOutputStream(out));
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        Date mtime = new Date(mtimeSeconds * 1000);
        directory(tar, "blobs/", mtime);
        directory(tar, "blobs/sha256/", mtime);
        Set<Descriptor> blobs = new LinkedHashSet<>(image.layers());
        for (Descriptor blob : blobs) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("the build was cancelled");
            }
            TarArchiveEntry entry = file(path(blob), blob.size(), mtime);
            tar.putArchiveEntry(entry);
            try (InputStream in = content.open(blob.digest())) {
                long copied = in.transferTo(tar);
                if (copied != blob.size()) {
                    throw new IOException("layer blob " + blob.digest() + " has " + copied + " bytes in the content"
                            + " store, not " + blob.size() + "; prune the build cache and build again");
                }
            }
            tar.closeArchiveEntry();
        }
        bytes(tar, path(image.config()), image.configBytes(), mtime);
        bytes(tar, path(image.manifest()), image.manifestBytes(), mtime);
        bytes(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8),
                mtime);
        bytes(tar, "index.json", index(image.manifest(), names), mtime);
        if (docker) {
            bytes(tar, "manifest.json", dockerManifest(image, names), mtime);
            bytes(tar, "repositories", repositories(image, names), mtime);
        }
        tar.finish();
        tar.flush();
    }

    static byte[] index(Descriptor manifest, List<ImageReference> names) {
        ObjectNode index = ImageManifests.JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode manifests = index.putArray("manifests");
        if (names.isEmpty()) {
            manifests.add(ImageManifests.descriptor(manifest));
        }
        for (ImageReference name : names) {
            ObjectNode entry = ImageManifests.descriptor(manifest);
            ObjectNode annotations = entry.putObject("annotations");
            annotations.put(IMAGE_NAME, name.toString());
            annotations.put(REF_NAME, name.tagOrDefault());
            manifests.add(entry);
        }
        return ImageManifests.bytes(index);
    }

    /** {@code docker save}'s {@code manifest.json}: one image, its config, tags (short names) and layer files. */
    static byte[] dockerManifest(AssembledImage image, List<ImageReference> names) {
        ArrayNode manifests = ImageManifests.JSON.createArrayNode();
        ObjectNode entry = manifests.addObject();
        entry.put("Config", path(image.config()));
        if (names.isEmpty()) {
            entry.putNull("RepoTags");
        } else {
            ArrayNode tags = entry.putArray("RepoTags");
            names.forEach(n -> tags.add(familiarTagged(n)));
        }
        ArrayNode layers = entry.putArray("Layers");
        image.layers().forEach(l -> layers.add(path(l)));
        return ImageManifests.bytes(manifests);
    }

    /** {@code docker save}'s legacy {@code repositories}: repository → tag → the top layer's ID. */
    static byte[] repositories(AssembledImage image, List<ImageReference> names) {
        ObjectNode repositories = ImageManifests.JSON.createObjectNode();
        if (!image.layers().isEmpty()) {
            String top = image.layers().get(image.layers().size() - 1).digest().hex();
            for (ImageReference name : names) {
                String tagged = familiarTagged(name);
                String repository = tagged.substring(0, tagged.lastIndexOf(':'));
                ObjectNode tags = repositories.has(repository) ? (ObjectNode) repositories.get(repository)
                        : repositories.putObject(repository);
                tags.put(name.tagOrDefault(), top);
            }
        }
        return ImageManifests.bytes(repositories);
    }

    /** {@code app:1.0}, {@code registry.example/app:latest}: Docker's short form with the tag, without a digest. */
    private static String familiarTagged(ImageReference name) {
        return new ImageReference(name.registry(), name.repository(), name.tagOrDefault(), null).familiar();
    }

    static String path(Descriptor blob) {
        return "blobs/" + blob.digest().algorithm() + "/" + blob.digest().hex();
    }

    private static void directory(TarArchiveOutputStream tar, String name, Date mtime) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(040755);
        entry.setModTime(mtime);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry file(String name, long size, Date mtime) {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(0100444);
        entry.setSize(size);
        entry.setModTime(mtime);
        return entry;
    }

    private static void bytes(TarArchiveOutputStream tar, String name, byte[] data, Date mtime) throws IOException {
        tar.putArchiveEntry(file(name, data.length, mtime));
        tar.write(data);
        tar.closeArchiveEntry();
    }
}
