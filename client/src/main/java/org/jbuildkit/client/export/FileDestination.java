package org.jbuildkit.client.export;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.jbuildkit.session.filesync.FileSendTarget;

/**
 * An output written to a file ({@code type=tar,dest=FILE}): a temporary file beside it is made before
 * the build (so an unwritable destination fails first), filled during the export, synced and renamed
 * over the destination only once complete. A failed build or transfer leaves an existing file as it was.
 */
final class FileDestination implements FileSendTarget.FileOutput, AutoCloseable {
    private final Path dest;
    private final Path temp;
    private boolean opened;
    private boolean finished;

    private FileDestination(Path dest, Path temp) {
        this.dest = dest;
        this.temp = temp;
    }

    static FileDestination prepare(String type, String dest) {
        Path path = Path.of(dest).toAbsolutePath();
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException("destination file is a directory: --output type=" + type + ",dest="
                    + dest + " writes one file; give a file name");
        }
        Path parent = path.getParent();
        try {
            Path temp = Files.createTempFile(parent, "." + path.getFileName() + ".", ".partial");
            return new FileDestination(path, temp);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write --output dest " + dest + ": " + reason(e)
                    + "; check that " + parent + " exists and is writable");
        }
    }

    @Override
    public synchronized FileSendTarget.Sink open(Map<String, String> metadata) throws IOException {
        if (opened) {
            throw new IOException(dest + " was written already by this build");
        }
        opened = true;
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                LinkOption.NOFOLLOW_LINKS);
        return new FileSendTarget.Sink() {
            @Override
            public void write(ByteString data) throws IOException {
                var buffer = data.asReadOnlyByteBuffer();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }

            @Override
            public void commit() throws IOException {
                channel.force(true);
                channel.close();
                Files.move(temp, dest, StandardCopyOption.ATOMIC_MOVE);
                synchronized (FileDestination.this) {
                    finished = true;
                }
            }

            @Override
            public void abort() {
                try {
                    channel.close();
                } catch (IOException e) {
                    // The temporary file is deleted below either way.
                }
                close();
            }
        };
    }

    /** Drops the temporary file unless the output was committed. */
    @Override
    public synchronized void close() {
        if (!finished) {
            finished = true;
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // A leftover .partial file beside the destination is harmless and named as such.
            }
        }
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + " " + e.getMessage();
    }
}
