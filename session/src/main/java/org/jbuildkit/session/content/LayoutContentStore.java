package org.jbuildkit.session.content;

import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The blobs of an OCI layout directory ({@code blobs/<alg>/<hex>}) as a content store, like containerd's local store
 * that upstream's client serves: writes go to {@code ingest/} and are verified (size, digest), flushed and renamed
 * into {@code blobs/}, so a reader never finds half a blob. {@code index.json} is not the store's business.
 */
public final class LayoutContentStore {
    private final Path root;
    private final Map<String, Ingest> ingests = new HashMap<>();
    private final Set<String> locked = new HashSet<>();

    public LayoutContentStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** A committed blob's size and times. */
    public record BlobInfo(String digest, long size, Instant createdAt, Instant updatedAt) {
    }

    /** A write in progress. */
    public record WriteStatus(String ref, long offset, long total, String expected, Instant startedAt,
            Instant updatedAt) {
    }

    public Optional<BlobInfo> info(String digest) {
        BlobDigest d = BlobDigest.parse(digest);
        Path file = d.in(root);
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attrs.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new BlobInfo(d.toString(), attrs.size(), attrs.creationTime().toInstant(),
                    attrs.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + file + ": " + e.getMessage(), e);
        }
    }

    /** Opens a committed blob for reading; NOT_FOUND when the store has none. */
    public FileChannel open(String digest) {
        Path file = BlobDigest.parse(digest).in(root);
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw notFound(digest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    public void delete(String digest) {
        try {
            if (!Files.deleteIfExists(BlobDigest.parse(digest).in(root))) {
                throw notFound(digest);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + digest + " from " + root + ": " + e.getMessage(), e);
        }
    }

    /** Every committed blob. */
    public List<BlobInfo> list() {
        List<BlobInfo> blobs = new ArrayList<>();
        Path dir = root.resolve("blobs");
        if (!Files.isDirectory(dir)) {
            return blobs;
        }
        try (DirectoryStream<Path> algorithms = Files.newDirectoryStream(dir)) {
            for (Path algorithm : algorithms) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(algorithm)) {
                    for (Path file : files) {
                        String digest = algorithm.getFileName() + ":" + file.getFileName();
                        try {
                            info(digest).ifPresent(blobs::add);
                        } catch (IllegalArgumentException e) {
                            // Not a blob name (a stray file): not content.
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return blobs;
    }

    /**
     * Begins, or resumes, the write named {@code ref}; one stream at a time per ref. ALREADY_EXISTS when the
     * expected blob is already here, which writers take as done.
     */
    synchronized Ingest lock(String ref, long total, String expected) {
        if (ref == null || ref.isEmpty()) {
            throw new ContentStoreException(Status.Code.INVALID_ARGUMENT, "first message must have a reference");
        }
        if (expected != null && !expected.isEmpty() && info(expected).isPresent()) {
            throw alreadyExists(expected);
        }
        if (!locked.add(ref)) {
            throw new ContentStoreException(Status.Code.UNAVAILABLE, "ref " + ref + " locked: another write of it"
                    + " is in progress");
        }
        Ingest ingest = ingests.get(ref);
        try {
            if (ingest == null) {
                ingest = Ingest.start(ref, root.resolve("ingest").resolve(refDirectory(ref)), total, expected);
                ingests.put(ref, ingest);
            } else {
                ingest.total(total);
                ingest.expect(expected);
            }
            return ingest;
        } catch (IOException | RuntimeException e) {
            locked.remove(ref);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException("cannot start writing " + ref + " under " + root + ": " + e.getMessage(),
                    (IOException) e);
        }
    }

    /** Ends a stream's hold on its ref; the write stays, to be resumed or aborted. */
    synchronized void unlock(Ingest ingest) {
        locked.remove(ingest.ref());
    }

    /** Verifies the write and moves it into {@code blobs/}; the write is gone afterwards, done or failed. */
    String commit(Ingest ingest, long size, String expected) {
        try {
            BlobDigest digest = ingest.finish(size, expected);
            Path target = digest.in(root);
            Files.createDirectories(target.getParent());
            Files.setPosixFilePermissions(ingest.data(), PosixFilePermissions.fromString("rw-r--r--"));
            if (Files.exists(target)) {
                throw alreadyExists(digest.toString());
            }
            try {
                Files.move(ingest.data(), target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                throw alreadyExists(digest.toString());
            } catch (AtomicMoveNotSupportedException e) {
                throw new UncheckedIOException("cannot rename a finished blob into " + target.getParent()
                        + ": its ingest directory is on another file system", e);
            }
            return digest.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit " + ingest.ref() + " into " + root + ": " + e.getMessage(),
                    e);
        } finally {
            forget(ingest);
        }
    }

    public synchronized Optional<WriteStatus> status(String ref) {
        return Optional.ofNullable(ingests.get(ref)).map(LayoutContentStore::statusOf);
    }

    public synchronized List<WriteStatus> statuses() {
        return ingests.values().stream().map(LayoutContentStore::statusOf).toList();
    }

    /** Drops a write and its data; NOT_FOUND when there is none. */
    public synchronized void abort(String ref) {
        Ingest ingest = ingests.get(ref);
        if (ingest == null) {
            throw new ContentStoreException(Status.Code.NOT_FOUND, "no write in progress for ref " + ref);
        }
        forget(ingest);
    }

    /** Drops every unfinished write, e.g. when the session ends; their data never becomes a blob. */
    public synchronized void abortAll() {
        new ArrayList<>(ingests.values()).forEach(this::forget);
    }

    private synchronized void forget(Ingest ingest) {
        ingests.remove(ingest.ref());
        locked.remove(ingest.ref());
        try {
            ingest.discard();
            Path dir = root.resolve("ingest");
            try (DirectoryStream<Path> left = Files.newDirectoryStream(dir)) {
                if (!left.iterator().hasNext()) {
                    Files.deleteIfExists(dir);
                }
            }
        } catch (IOException e) {
            // Leftover temporary data is not content; it never shows under blobs/.
        }
    }

    private static WriteStatus statusOf(Ingest i) {
        return new WriteStatus(i.ref(), i.offset(), i.total(), i.expected() == null ? "" : i.expected(),
                i.startedAt(), i.updatedAt());
    }

    /** The ref as a file name: its SHA-256, as containerd's local store names ingest directories. */
    private static String refDirectory(String ref) {
        MessageDigest sha = BlobDigest.digester("sha256");
        return HexFormat.of().formatHex(sha.digest(ref.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private ContentStoreException notFound(String digest) {
        return new ContentStoreException(Status.Code.NOT_FOUND, "content " + digest + ": not found in " + root);
    }

    private static ContentStoreException alreadyExists(String digest) {
        return new ContentStoreException(Status.Code.ALREADY_EXISTS, "content " + digest + ": already exists");
    }
}
