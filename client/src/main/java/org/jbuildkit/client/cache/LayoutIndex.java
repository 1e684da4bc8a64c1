package org.jbuildkit.client.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.ImageIndex;
import org.jbuildkit.registry.image.ImageJson;

/**
 * The {@code index.json} (and {@code oci-layout}) of an OCI layout directory, as upstream's client keeps a local
 * cache's: manifests named by {@code org.opencontainers.image.ref.name} (or {@code io.containerd.image.name}),
 * updated under {@code index.json.lock} and replaced whole, so a reader never sees half a file.
 */
public final class LayoutIndex {
    static final String REF_NAME = "org.opencontainers.image.ref.name";
    static final String IMAGE_NAME = "io.containerd.image.name";
    private static final byte[] LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);

    private final Path dir;

    public LayoutIndex(Path dir) {
        this.dir = dir;
    }

    public Path file() {
        return dir.resolve("index.json");
    }

    /** The index; {@link NoSuchFileException} when the directory has none (no cache there yet). */
    public ImageIndex read() throws IOException {
        Path file = file();
        return ImageJson.read(Files.readAllBytes(file), ImageIndex.class, file.toString());
    }

    /** The manifest tagged {@code tag}: a full image name match first, then the OCI ref name, as upstream. */
    public Optional<Descriptor> get(String tag) throws IOException {
        List<Descriptor> manifests = read().manifests();
        for (String key : List.of(IMAGE_NAME, REF_NAME)) {
            for (Descriptor m : manifests) {
                if (tag.equals(m.annotations().get(key))) {
                    return Optional.of(m);
                }
            }
        }
        return Optional.empty();
    }

    /** Tags {@code manifest} (replacing what had the tag before) and writes {@code oci-layout}. */
    public void put(Descriptor manifest, String tag) throws IOException {
        Files.createDirectories(dir);
        Path lock = dir.resolve("index.json.lock");
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            writeWhole(dir.resolve("oci-layout"), LAYOUT);
            List<Descriptor> manifests = new ArrayList<>();
            if (Files.exists(file())) {
                for (Descriptor m : read().manifests()) {
                    if (!tag.equals(m.annotations().get(REF_NAME)) || m.annotations().containsKey(IMAGE_NAME)) {
                        manifests.add(m);
                    }
                }
            }
            Map<String, String> annotations = new TreeMap<>(manifest.annotations());
            annotations.put(REF_NAME, tag);
            manifests.add(manifest.withAnnotations(annotations));
            writeWhole(file(), ImageJson.canonical(ImageIndex.oci(manifests)));
        } finally {
            Files.deleteIfExists(lock);
        }
    }

    private static void writeWhole(Path target, byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.write(temp, bytes);
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
