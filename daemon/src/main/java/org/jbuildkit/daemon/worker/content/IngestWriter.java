package org.jbuildkit.daemon.worker.content;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;

/** A {@link ContentWriter} into a private temp file under the ingest directory, hashing as it goes. */
final class IngestWriter implements ContentWriter {
    private final LocalContentStore store;
    private final Descriptor expected;
    private final String source;
    private final Path temp;
    private final FileChannel channel;
    private final MessageDigest digester;
    private long written;
    private boolean open = true;

    IngestWriter(LocalContentStore store, Descriptor expected, String source) throws IOException {
        this.store = store;
        this.expected = expected;
        this.source = source;
        this.digester = expected.digest().newDigester();
        // A private file per writer: concurrent writers of one digest never share bytes.
        this.temp = Files.createTempFile(store.ingestDir(), expected.digest().hex().substring(0, 12) + "-", ".partial");
        this.channel = FileChannel.open(temp, StandardOpenOption.WRITE);
    }

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        int remaining = src.remaining();
        if (written + remaining > expected.size()) {
            abort();
            throw new UnexpectedContentException(expected, null, written + remaining, source);
        }
        ByteBuffer hashed = src.duplicate();
        try {
            while (src.hasRemaining()) {
                channel.write(src);
            }
        } catch (IOException e) {
            throw failed(e);
        }
        digester.update(hashed);
        written += remaining;
        return remaining;
    }

    @Override
    public synchronized long written() {
        return written;
    }

    @Override
    public synchronized ContentInfo commit() throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        try {
            channel.force(true);
            channel.close();
        } catch (IOException e) {
            throw failed(e);
        }
        open = false;
        Digest actual = new Digest(expected.digest().algorithm(), HexFormat.of().formatHex(digester.digest()));
        if (written != expected.size() || !actual.equals(expected.digest())) {
            Files.deleteIfExists(temp);
            throw new UnexpectedContentException(expected, actual, written, source);
        }
        Path target = store.blobPath(actual);
        try {
            if (store.exists(actual)) {
                Files.deleteIfExists(temp);
            } else {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("r--r--r--"));
                Files.createDirectories(target.getParent());
                // rename(2) replaces atomically; a racing writer of the same digest holds the same verified bytes.
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                LocalContentStore.fsyncDirectory(target.getParent());
            }
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw failed(e);
        }
        return store.info(actual).orElseThrow(() -> new ContentNotFoundException(actual, target));
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    @Override
    public synchronized void close() throws IOException {
        if (open) {
            abort();
        }
    }

    private void abort() throws IOException {
        open = false;
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Removes the partial file and says what failed where. */
    private IOException failed(IOException e) {
        try {
            abort();
        } catch (IOException cleanup) {
            e.addSuppressed(cleanup);
        }
        String what = "blob " + expected.digest() + " from " + source;
        if (NoSpaceLeftException.isDiskFull(e)) {
            return new NoSpaceLeftException(temp, what, e);
        }
        return new IOException("writing " + temp + " (" + what + ") failed: " + e.getMessage(), e);
    }
}
