package org.jbuildkit.daemon.worker.content;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.function.Consumer;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content store on the local disk: {@code <root>/content/blobs/<alg>/<hex>}, written through
 * {@code <root>/content/ingest/}. A blob appears under {@code blobs/} only by an atomic rename after
 * fsync and verification, so whatever is there is complete; a crash leaves at most ingest files,
 * which {@link #open} removes.
 */
public final class LocalContentStore implements ContentStore {
    private static final Logger LOG = LoggerFactory.getLogger(LocalContentStore.class);

    private final Path blobs;
    private final Path ingest;

    private LocalContentStore(Path blobs, Path ingest) {
        this.blobs = blobs;
        this.ingest = ingest;
    }

    /** Opens (creating if needed) the store under the daemon root and removes ingest files left by a crash. */
    public static LocalContentStore open(Path root) throws IOException {
        Path content = root.resolve("content");
        Path blobs = content.resolve("blobs");
        Path ingest = content.resolve("ingest");
        Files.createDirectories(blobs.resolve("sha256"));
        Files.createDirectories(ingest);
        int removed = 0;
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(ingest)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
                removed++;
            }
        }
        if (removed > 0) {
            LOG.info("removed {} unfinished blob write(s) from {} left by a previous run", removed, ingest);
        }
        return new LocalContentStore(blobs, ingest);
    }

    /** Where the blob with this digest lives (whether or not it is present). */
    public Path blobPath(Digest digest) {
        return blobs.resolve(digest.algorithm()).resolve(digest.hex());
    }

    Path ingestDir() {
        return ingest;
    }

    @Override
    public Optional<ContentInfo> info(Digest digest) throws IOException {
        try {
            BasicFileAttributes attrs = Files.readAttributes(blobPath(digest), BasicFileAttributes.class);
            return Optional.of(new ContentInfo(digest, attrs.size(), attrs.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public InputStream open(Digest digest) throws IOException {
        return Channels.newInputStream(openChannel(digest));
    }

    @Override
    public FileChannel openChannel(Digest digest) throws IOException {
        Path path = blobPath(digest);
        try {
            return FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new ContentNotFoundException(digest, path);
        }
    }

    @Override
    public ContentWriter writer(Descriptor expected, String source) throws IOException {
        return new IngestWriter(this, expected, source);
    }

    @Override
    public boolean delete(Digest digest) throws IOException {
        return Files.deleteIfExists(blobPath(digest));
    }

    @Override
    public void walk(Consumer<ContentInfo> visitor) throws IOException {
        try (DirectoryStream<Path> algorithms = Files.newDirectoryStream(blobs, Files::isDirectory)) {
            for (Path algorithm : algorithms) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(algorithm)) {
                    for (Path file : files) {
                        Digest digest;
                        try {
                            digest = new Digest(algorithm.getFileName().toString(), file.getFileName().toString());
                        } catch (IllegalArgumentException e) {
                            LOG.warn("ignoring {}: not a blob name ({})", file, e.getMessage());
                            continue;
                        }
                        info(digest).ifPresent(visitor);
                    }
                }
            }
        }
    }

    /** Makes a rename or unlink in {@code dir} durable. */
    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
