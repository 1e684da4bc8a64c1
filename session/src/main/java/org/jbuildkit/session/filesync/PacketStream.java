package org.jbuildkit.session.filesync;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.util.Optional;
import org.jbuildkit.api.fsutil.Packet;

/**
 * A stream of fsutil packets, whichever end dialled: what {@link FileSender} and {@link FileReceiver}
 * speak over. Sends may be called from several threads.
 */
public interface PacketStream {

    void send(Packet packet) throws IOException;

    /** The next packet, or empty once the peer ended its half of the stream. */
    Optional<Packet> receive() throws IOException;

    /** Packets on a stream whose messages are packets. */
    static PacketStream of(BlockingStream<Packet> stream) {
        return new PacketStream() {
            @Override
            public void send(Packet packet) throws IOException {
                stream.send(packet);
            }

            @Override
            public Optional<Packet> receive() throws IOException {
                return stream.receive();
            }
        };
    }

    /**
     * Packets on a stream of raw messages: {@code FileSend/DiffCopy} is declared with {@code BytesMessage}
     * but carries packets when the target is a directory, so its server reads bytes and decodes here.
     */
    static PacketStream ofBytes(BlockingStream<byte[]> stream) {
        return new PacketStream() {
            @Override
            public void send(Packet packet) throws IOException {
                stream.send(packet.toByteArray());
            }

            @Override
            public Optional<Packet> receive() throws IOException {
                Optional<byte[]> next = stream.receive();
                if (next.isEmpty()) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(Packet.parseFrom(next.get()));
                } catch (InvalidProtocolBufferException e) {
                    throw new FileSyncException("the peer sent a message that is not an fsutil packet ("
                            + next.get().length + " bytes): " + e.getMessage());
                }
            }
        };
    }
}
