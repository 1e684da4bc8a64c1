package org.jbuildkit.client.cache;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.ImageJson;
import org.jbuildkit.registry.image.MediaTypes;

/**
 * {@code --export-cache type=local,dest=DIR,reset=true} after the export (upstream's {@code resetCacheStore}):
 * deletes every blob that no manifest named in {@code index.json} reaches, so the directory holds only what its tags
 * use instead of growing with each build.
 */
final class LayoutReset {
    private LayoutReset() {
    }

    /** Deletes the unreferenced blobs; returns how many. */
    static int reset(Path dir) throws IOException {
        Set<String> referenced = new HashSet<>();
        Deque<Descriptor> pending = new ArrayDeque<>(new LayoutIndex(dir).read().manifests());
        while (!pending.isEmpty()) {
            Descriptor d = pending.pop();
            if (!referenced.add(d.digest().toString()) || !hasChildren(d.mediaType())) {
                continue;
            }
            Path file = blob(dir, d.digest());
            if (!Files.isRegularFile(file)) {
                continue;
            }
            JsonNode node = ImageJson.read(Files.readAllBytes(file), JsonNode.class, file.toString());
            for (String field : new String[] {"config", "subject"}) {
                if (node.has(field)) {
                    pending.push(ImageJson.read(ImageJson.canonical(node.get(field)), Descriptor.class, file + " " + field));
                }
            }
            for (String list : new String[] {"layers", "manifests", "blobs"}) {
                for (JsonNode child : node.path(list)) {
                    pending.push(ImageJson.read(ImageJson.canonical(child), Descriptor.class, file + " " + list));
                }
            }
        }
        int deleted = 0;
        Path blobs = dir.resolve("blobs");
        if (!Files.isDirectory(blobs)) {
            return 0;
        }
        try (DirectoryStream<Path> algorithms = Files.newDirectoryStream(blobs)) {
            for (Path algorithm : algorithms) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(algorithm)) {
                    for (Path file : files) {
                        if (!referenced.contains(algorithm.getFileName() + ":" + file.getFileName())) {
                            Files.delete(file);
                            deleted++;
                        }
                    }
                }
            }
        }
        return deleted;
    }

    private static boolean hasChildren(String mediaType) {
        return MediaTypes.OCI_MANIFEST.equals(mediaType) || MediaTypes.OCI_INDEX.equals(mediaType)
                || MediaTypes.DOCKER_MANIFEST.equals(mediaType) || MediaTypes.DOCKER_MANIFEST_LIST.equals(mediaType);
    }

    private static Path blob(Path dir, Digest digest) {
        return dir.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }
}
