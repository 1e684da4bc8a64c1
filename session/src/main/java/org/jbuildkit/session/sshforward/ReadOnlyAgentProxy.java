package org.jbuildkit.session.sshforward;

import com.google.protobuf.ByteString;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.Set;
import org.jbuildkit.api.sshforward.BytesMessage;
import org.jbuildkit.session.filesync.BlockingStream;

/**
 * Serves a ForwardAgent stream from an agent socket the way upstream's read-only agent does: a
 * build may list identities and ask for signatures, but adding, removing, locking or extensions
 * are answered with SSH_AGENT_FAILURE and never reach the agent. The ssh-agent protocol
 * (draft-miller-ssh-agent) is one request, one reply, each a uint32 length and that many bytes.
 */
final class ReadOnlyAgentProxy {
    static final byte FAILURE = 5;
    /** SSH2_AGENTC_REQUEST_IDENTITIES and SSH2_AGENTC_SIGN_REQUEST. */
    static final Set<Byte> ALLOWED = Set.of((byte) 11, (byte) 13);
    /** OpenSSH's own limit on one message. */
    private static final int MAX_MESSAGE = 256 * 1024;

    private ReadOnlyAgentProxy() {
    }

    /** Answers requests until the stream ends; the caller closes the connection. */
    static void serve(SocketChannel agent, BlockingStream<BytesMessage> stream) throws IOException {
        StreamReader requests = new StreamReader(stream);
        while (true) {
            Optional<byte[]> request = requests.message();
            if (request.isEmpty()) {
                stream.complete();
                return;
            }
            byte[] body = request.get();
            byte[] reply;
            if (body.length > 0 && ALLOWED.contains(body[0])) {
                write(agent, body);
                reply = read(agent);
            } else {
                reply = new byte[] {FAILURE};
            }
            stream.send(BytesMessage.newBuilder().setData(ByteString.copyFrom(frame(reply))).build());
        }
    }

    static byte[] frame(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    private static void write(SocketChannel agent, byte[] body) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(frame(body));
        while (buffer.hasRemaining()) {
            agent.write(buffer);
        }
    }

    private static byte[] read(SocketChannel agent) throws IOException {
        ByteBuffer length = ByteBuffer.allocate(4);
        fill(agent, length);
        int n = length.flip().getInt();
        if (n < 0 || n > MAX_MESSAGE) {
            throw new IOException("the ssh agent sent a message of " + n + " bytes");
        }
        ByteBuffer body = ByteBuffer.allocate(n);
        fill(agent, body);
        return body.array();
    }

    private static void fill(SocketChannel agent, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (agent.read(buffer) < 0) {
                throw new EOFException("the ssh agent closed the connection mid-message");
            }
        }
    }

    /** Reassembles agent messages from stream chunks, which split and join them arbitrarily. */
    private static final class StreamReader {
        private final BlockingStream<BytesMessage> stream;
        private ByteBuffer pending = ByteBuffer.allocate(0);

        StreamReader(BlockingStream<BytesMessage> stream) {
            this.stream = stream;
        }

        Optional<byte[]> message() throws IOException {
            if (!fill(4)) {
                return Optional.empty();
            }
            int n = pending.getInt(pending.position());
            if (n < 0 || n > MAX_MESSAGE) {
                throw new IOException("a build sent an ssh agent message of " + n + " bytes");
            }
            if (!fill(4 + n)) {
                throw new EOFException("the build's ssh agent connection ended mid-message");
            }
            pending.getInt();
            byte[] body = new byte[n];
            pending.get(body);
            return Optional.of(body);
        }

        private boolean fill(int wanted) throws IOException {
            while (pending.remaining() < wanted) {
                Optional<BytesMessage> next = stream.receive();
                if (next.isEmpty()) {
                    if (pending.hasRemaining()) {
                        throw new EOFException("the build's ssh agent connection ended mid-message");
                    }
                    return false;
                }
                ByteBuffer joined = ByteBuffer.allocate(pending.remaining() + next.get().getData().size());
                joined.put(pending).put(next.get().getData().asReadOnlyByteBuffer()).flip();
                pending = joined;
            }
            return true;
        }
    }
}
