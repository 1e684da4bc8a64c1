package org.jbuildkit.session.content;

import io.grpc.Status;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;

/**
 * One ongoing write into a content store: appended to a file under the store's {@code ingest/} directory and hashed
 * as it comes, so a blob only appears under {@code blobs/} once it is whole and verified.
 */
final class Ingest {
    private final String ref;
    private final Path dir;
    private final FileChannel file;
    private final Instant startedAt;
    private MessageDigest digester;
    private String algorithm;
    private long offset;
    private long total;
    private String expected;
    private Instant updatedAt;

    private Ingest(String ref, Path dir, FileChannel file, long total, String expected) {
        this.ref = ref;
        this.dir = dir;
        this.file = file;
        this.startedAt = Instant.now();
        this.updatedAt = startedAt;
        this.total = total;
        expect(expected);
        this.digester = BlobDigest.digester(algorithm);
    }

    static Ingest start(String ref, Path dir, long total, String expected) throws IOException {
        Files.createDirectories(dir);
        FileChannel file = FileChannel.open(dir.resolve("data"), StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        return new Ingest(ref, dir, file, total, expected);
    }

    String ref() {
        return ref;
    }

    Path data() {
        return dir.resolve("data");
    }

    Path dir() {
        return dir;
    }

    long offset() {
        return offset;
    }

    long total() {
        return total;
    }

    String expected() {
        return expected;
    }

    Instant startedAt() {
        return startedAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    void total(long value) {
        if (value > 0) {
            total = value;
        }
    }

    /** The digest to verify at commit; also picks the hash (sha256 unless the expected digest says otherwise). */
    void expect(String digest) {
        if (digest == null || digest.isEmpty()) {
            if (algorithm == null) {
                algorithm = "sha256";
            }
            return;
        }
        BlobDigest d = BlobDigest.parse(digest);
        if (algorithm != null && !algorithm.equals(d.algorithm()) && offset > 0) {
            throw new ContentStoreException(Status.Code.INVALID_ARGUMENT, "write " + ref + " started as "
                    + algorithm + " and cannot switch to " + d.algorithm() + " midway");
        }
        if (algorithm != null && !algorithm.equals(d.algorithm())) {
            digester = BlobDigest.digester(d.algorithm());
        }
        algorithm = d.algorithm();
        expected = d.toString();
    }

    /** The digest of what was written so far. */
    String digestSoFar() {
        try {
            return BlobDigest.of(algorithm, (MessageDigest) digester.clone()).toString();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's " + algorithm + " cannot be cloned", e);
        }
    }

    /** Starts over: containerd's writers must accept a write at offset 0 after data was written. */
    void truncate() throws IOException {
        file.truncate(0);
        file.position(0);
        digester = BlobDigest.digester(algorithm);
        offset = 0;
    }

    void write(ByteBuffer data) throws IOException {
        digester.update(data.duplicate());
        while (data.hasRemaining()) {
            offset += file.write(data);
        }
        updatedAt = Instant.now();
    }

    /** Flushes the data to disk and returns its digest; the caller moves it into place. */
    BlobDigest finish(long size, String digest) throws IOException {
        total(size);
        expect(digest);
        if (total > 0 && offset != total) {
            throw new ContentStoreException(Status.Code.FAILED_PRECONDITION, "unexpected commit size " + offset
                    + ", expected " + total + " for " + ref);
        }
        file.force(true);
        file.close();
        BlobDigest actual = BlobDigest.of(algorithm, digester);
        if (expected != null && !expected.equals(actual.toString())) {
            throw new ContentStoreException(Status.Code.FAILED_PRECONDITION, "unexpected commit digest " + actual
                    + ", expected " + expected + " for " + ref + ": the data sent is not the blob it claims to be");
        }
        return actual;
    }

    void discard() throws IOException {
        if (file.isOpen()) {
            file.close();
        }
        Files.deleteIfExists(data());
        Files.deleteIfExists(dir);
    }
}
