package org.jbuildkit.session.filesync;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.jbuildkit.api.fsutil.Packet;
import org.jbuildkit.api.fsutil.Packet.PacketType;
import org.jbuildkit.api.fsutil.Stat;

/**
 * A sender written out in advance for receiver tests: the packets it will deliver, in order (then
 * the end of the stream, or a broken stream), and what the receiver sent back.
 */
final class ScriptedStream implements PacketStream {
    private final Deque<Packet> script = new ArrayDeque<>();
    final List<Packet> sent = new ArrayList<>();
    private boolean breakAtEnd;

    static Stat dir(String path) {
        return Stat.newBuilder().setPath(path).setMode(GoFileMode.DIR | 0755).build();
    }

    static Stat file(String path, int size) {
        return Stat.newBuilder().setPath(path).setMode(0644).setSize(size).build();
    }

    static Stat symlink(String path, String target) {
        return Stat.newBuilder().setPath(path).setMode(GoFileMode.SYMLINK | 0777).setLinkname(target).build();
    }

    ScriptedStream stat(Stat stat) {
        script.add(Packet.newBuilder().setType(PacketType.PACKET_STAT).setStat(stat).build());
        return this;
    }

    ScriptedStream endOfListing() {
        script.add(Packet.newBuilder().setType(PacketType.PACKET_STAT).build());
        return this;
    }

    ScriptedStream data(int id, String text) {
        script.add(Packet.newBuilder().setType(PacketType.PACKET_DATA).setID(id)
                .setData(ByteString.copyFromUtf8(text)).build());
        return this;
    }

    ScriptedStream endOfFile(int id) {
        script.add(Packet.newBuilder().setType(PacketType.PACKET_DATA).setID(id).build());
        return this;
    }

    ScriptedStream fin() {
        script.add(Packet.newBuilder().setType(PacketType.PACKET_FIN).build());
        return this;
    }

    ScriptedStream err(String message) {
        script.add(Packet.newBuilder().setType(PacketType.PACKET_ERR).setData(ByteString.copyFromUtf8(message)).build());
        return this;
    }

    /** After the script, the stream fails as a dropped connection would. */
    ScriptedStream thenBreak() {
        breakAtEnd = true;
        return this;
    }

    @Override
    public synchronized void send(Packet packet) {
        sent.add(packet);
    }

    @Override
    public synchronized Optional<Packet> receive() throws IOException {
        Packet next = script.poll();
        if (next == null && breakAtEnd) {
            throw new IOException("connection reset (scripted)");
        }
        return Optional.ofNullable(next);
    }

    synchronized List<Integer> requestedIds() {
        return sent.stream().filter(p -> p.getType() == PacketType.PACKET_REQ).map(Packet::getID).toList();
    }

    synchronized List<PacketType> sentTypes() {
        return sent.stream().map(Packet::getType).toList();
    }
}
