package org.jbuildkit.session.filesync;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.jbuildkit.api.fsutil.Packet;
import org.jbuildkit.api.fsutil.Packet.PacketType;

/**
 * The sending side of fsutil's diff-copy protocol (its {@code Send}): one STAT per entry of a
 * {@link Walker}, an empty STAT after the last; each regular file the receiver requests by ID goes
 * out as DATA chunks ending with an empty one; the receiver's FIN is answered with FIN. Requests are
 * read and files sent on the given executor while the walk is still being listed.
 */
public final class FileSender {
    static final int CHUNK = 32 * 1024;
    private static final Path STOP = Path.of("");

    private final Executor executor;

    /** {@code executor} must run two tasks of each send beside the calling thread (a cached pool does). */
    public FileSender(Executor executor) {
        this.executor = executor;
    }

    /**
     * Sends the tree under {@code root} and returns once the receiver has taken all it wanted and
     * both FINs were exchanged; the caller then ends the stream. On failure the receiver is sent an
     * ERR packet with the reason, and the caller must end the stream (its request reader waits on it).
     */
    public void send(Path root, Walker walk, PacketStream stream, TransferProgress progress,
            BooleanSupplier cancelled) throws IOException {
        Transfer transfer = new Transfer(stream, progress, cancelled);
        try {
            transfer.run(root, walk);
        } catch (IOException | RuntimeException e) {
            transfer.reportError(e);
            throw e;
        } finally {
            transfer.stopWorkers();
        }
    }

    /** The state of one send: requestable files, the data queue and the end of the exchange. */
    private final class Transfer {
        private final PacketStream stream;
        private final TransferProgress progress;
        private final BooleanSupplier cancelled;
        private final Map<Integer, Path> requestable = new ConcurrentHashMap<>();
        private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
        private final CompletableFuture<Void> finished = new CompletableFuture<>();
        private final AtomicLong sent = new AtomicLong();
        private volatile boolean listed;

        Transfer(PacketStream stream, TransferProgress progress, BooleanSupplier cancelled) {
            this.stream = stream;
            this.progress = progress;
            this.cancelled = cancelled;
        }

        void run(Path root, Walker walk) throws IOException {
            executor.execute(this::readRequests);
            executor.execute(this::sendRequestedFiles);
            int[] id = {0};
            walk.walk(root, (file, stat) -> {
                checkCancelled();
                if (GoFileMode.isRegular(stat.getMode()) && stat.getLinkname().isEmpty()) {
                    requestable.put(id[0], file);
                }
                id[0]++;
                send(Packet.newBuilder().setType(PacketType.PACKET_STAT).setStat(stat).build());
            });
            listed = true;
            send(Packet.newBuilder().setType(PacketType.PACKET_STAT).build());
            try {
                finished.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for the receiver");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
            }
            progress.update(sent.get(), true);
        }

        private void send(Packet packet) throws IOException {
            stream.send(packet);
            progress.update(sent.addAndGet(packet.getSerializedSize()), false);
        }

        private void checkCancelled() throws IOException {
            if (cancelled.getAsBoolean()) {
                throw new FileSyncException("the transfer was cancelled");
            }
        }

        /** Reads the receiver's requests until its FIN; anything else from it ends the transfer. */
        private void readRequests() {
            try {
                while (true) {
                    Optional<Packet> next = stream.receive();
                    if (next.isEmpty()) {
                        throw new FileSyncException("the receiver ended the stream before it finished (no FIN)");
                    }
                    Packet p = next.get();
                    switch (p.getType()) {
                        case PACKET_REQ -> {
                            Path file = requestable.remove(p.getID());
                            if (file == null) {
                                throw new FileSyncException("the receiver asked for file id " + p.getID()
                                        + ", which is no regular file of this transfer or was sent already");
                            }
                            requests.add(new Request(p.getID(), file));
                        }
                        case PACKET_FIN -> {
                            if (!listed) {
                                throw new FileSyncException("the receiver sent FIN before the listing ended");
                            }
                            // Every requested file was acknowledged before the receiver's FIN: nothing is in flight.
                            stream.send(Packet.newBuilder().setType(PacketType.PACKET_FIN).build());
                            finished.complete(null);
                            return;
                        }
                        case PACKET_ERR -> throw new FileSyncException("error from receiver: "
                                + p.getData().toStringUtf8());
                        default -> throw new FileSyncException("the receiver sent an unexpected " + p.getType()
                                + " packet");
                    }
                }
            } catch (IOException | RuntimeException e) {
                finished.completeExceptionally(e);
            }
        }

        /** Sends requested files in the order asked, each as chunks and an empty end chunk. */
        private void sendRequestedFiles() {
            try {
                while (true) {
                    Request request = requests.take();
                    if (request.file() == STOP) {
                        return;
                    }
                    sendFile(request.id(), request.file());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                finished.completeExceptionally(e);
            } catch (IOException | RuntimeException e) {
                finished.completeExceptionally(e);
            }
        }

        private void sendFile(int id, Path file) throws IOException {
            // A socket is listed as an empty regular file, as fsutil does; a vanished file ends up empty too.
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                    ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
                    while (in.read(buffer) >= 0) {
                        checkCancelled();
                        if (buffer.position() == buffer.capacity()) {
                            flush(id, buffer);
                        }
                    }
                    if (buffer.position() > 0) {
                        flush(id, buffer);
                    }
                } catch (NoSuchFileException e) {
                    // Removed since it was listed: sent empty, as fsutil does.
                } catch (IOException e) {
                    throw new FileSyncException("cannot read " + file + " to send it: " + e.getMessage(), e);
                }
            }
            send(Packet.newBuilder().setType(PacketType.PACKET_DATA).setID(id).build());
        }

        private void flush(int id, ByteBuffer buffer) throws IOException {
            buffer.flip();
            send(Packet.newBuilder().setType(PacketType.PACKET_DATA).setID(id).setData(ByteString.copyFrom(buffer))
                    .build());
            buffer.clear();
        }

        void reportError(Exception e) {
            try {
                stream.send(Packet.newBuilder().setType(PacketType.PACKET_ERR)
                        .setData(ByteString.copyFromUtf8(String.valueOf(e.getMessage()))).build());
            } catch (IOException | RuntimeException ignored) {
                // The stream is what failed; the caller reports the original error.
            }
        }

        void stopWorkers() {
            requests.add(new Request(-1, STOP));
        }
    }

    private record Request(int id, Path file) {
    }
}
