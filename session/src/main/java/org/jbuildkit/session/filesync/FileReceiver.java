package org.jbuildkit.session.filesync;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jbuildkit.api.fsutil.Packet;
import org.jbuildkit.api.fsutil.Packet.PacketType;

/**
 * The receiving side of fsutil's diff-copy protocol (its {@code Receive} in merge mode): every
 * listed entry is checked ({@link StreamOrder}) and written into the destination ({@link DiskWriter}),
 * every regular file is requested by its ID, and once all have arrived the receiver sends FIN and
 * waits for the sender's. Entries already in the destination are replaced, others left alone.
 * On any error the sender gets an ERR packet and no partial file is left under its final name.
 */
public final class FileReceiver {
    private final PacketStream stream;
    private final DiskWriter disk;
    private final StreamOrder order = new StreamOrder();
    private final TransferProgress progress;
    private long received;
    private long entries;
    private long deleted;

    private FileReceiver(PacketStream stream, DiskWriter disk, TransferProgress progress) {
        this.stream = stream;
        this.disk = disk;
        this.progress = progress;
    }

    /** Receives into {@code dest}, an existing directory; returns what moved once the transfer is complete. */
    public static ReceiveReport receive(PacketStream stream, Path dest, ReceiveOptions options,
            TransferProgress progress) throws IOException {
        if (!Files.isDirectory(dest)) {
            throw new FileSyncException("cannot receive files into " + dest + ": it is not a directory");
        }
        long[] skipped = {0};
        ReceiveOptions counting = options.specials() == null ? options : new ReceiveOptions(options.filter(),
                options.chown(), options.sync(), options.compare(), stat -> {
                    skipped[0]++;
                    options.specials().accept(stat);
                });
        FileReceiver receiver = new FileReceiver(stream, new DiskWriter(dest.toRealPath(), counting), progress);
        try {
            receiver.run();
            return new ReceiveReport(receiver.entries, receiver.disk.requested(), receiver.disk.kept(),
                    receiver.deleted, skipped[0], receiver.received);
        } catch (IOException | RuntimeException e) {
            receiver.disk.abort();
            receiver.reportError(e);
            throw e;
        }
    }

    private void run() throws IOException {
        int nextId = 0;
        boolean listed = false;
        boolean finSent = false;
        while (true) {
            Optional<Packet> next = stream.receive();
            if (next.isEmpty()) {
                throw new FileSyncException(finSent ? "the sender ended the stream without answering FIN"
                        : "the sender ended the stream before the transfer was complete");
            }
            Packet packet = next.get();
            received += packet.getSerializedSize();
            progress.update(received, false);
            switch (packet.getType()) {
                case PACKET_STAT -> {
                    if (listed) {
                        throw new FileSyncException("the sender listed \"" + packet.getStat().getPath()
                                + "\" after the end of its listing");
                    }
                    if (!packet.hasStat()) {
                        listed = true;
                    } else {
                        order.accept(packet.getStat());
                        entries++;
                        int id = nextId++;
                        if (disk.entry(packet.getStat(), id)) {
                            stream.send(Packet.newBuilder().setType(PacketType.PACKET_REQ).setID(id).build());
                        }
                    }
                }
                case PACKET_DATA -> {
                    if (packet.getData().isEmpty()) {
                        disk.endOfFile(packet.getID());
                    } else {
                        disk.data(packet.getID(), packet.getData());
                    }
                }
                case PACKET_FIN -> {
                    if (!finSent) {
                        throw new FileSyncException("the sender sent FIN before every file had arrived");
                    }
                    progress.update(received, true);
                    return;
                }
                case PACKET_ERR -> throw new FileSyncException("error from sender: " + packet.getData().toStringUtf8());
                default -> throw new FileSyncException("the sender sent an unexpected " + packet.getType() + " packet");
            }
            if (listed && !finSent && disk.idle()) {
                deleted = disk.finish();
                stream.send(Packet.newBuilder().setType(PacketType.PACKET_FIN).build());
                finSent = true;
            }
        }
    }

    private void reportError(Exception e) {
        try {
            stream.send(Packet.newBuilder().setType(PacketType.PACKET_ERR)
                    .setData(ByteString.copyFromUtf8(String.valueOf(e.getMessage()))).build());
        } catch (IOException | RuntimeException ignored) {
            // The stream may be what failed; the caller reports the original error.
        }
    }
}
