package org.jbuildkit.session.sshforward;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jbuildkit.api.sshforward.BytesMessage;
import org.jbuildkit.session.filesync.BlockingStream;

/**
 * Copies bytes both ways between a unix socket connection and a ForwardAgent stream (upstream's
 * {@code sshforward.Copy}): each end's EOF half-closes the other, and the connection is closed
 * once both directions are done or either fails. Used on both sides of the session.
 */
final class SocketPipe {
    private static final int CHUNK = 32 * 1024;

    private SocketPipe() {
    }

    /** Runs until both directions are done; {@code executor} runs the socket-to-stream direction. */
    static void run(SocketChannel conn, BlockingStream<BytesMessage> stream, Executor executor) {
        CompletableFuture<Void> upstream = CompletableFuture.runAsync(() -> socketToStream(conn, stream), executor);
        try {
            streamToSocket(stream, conn);
            upstream.join();
        } catch (IOException | RuntimeException e) {
            stream.fail(Status.CANCELLED.withDescription("ssh agent connection ended: " + e.getMessage()));
        } finally {
            closeQuietly(conn);
        }
    }

    private static void streamToSocket(BlockingStream<BytesMessage> stream, SocketChannel conn) throws IOException {
        while (true) {
            Optional<BytesMessage> next = stream.receive();
            if (next.isEmpty()) {
                if (conn.isOpen()) {
                    conn.shutdownOutput();
                }
                return;
            }
            ByteBuffer data = next.get().getData().asReadOnlyByteBuffer();
            while (data.hasRemaining()) {
                conn.write(data);
            }
        }
    }

    private static void socketToStream(SocketChannel conn, BlockingStream<BytesMessage> stream) {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        try {
            while (conn.read(buffer) >= 0) {
                buffer.flip();
                if (buffer.hasRemaining()) {
                    stream.send(BytesMessage.newBuilder().setData(ByteString.copyFrom(buffer)).build());
                }
                buffer.clear();
            }
            stream.complete();
        } catch (IOException e) {
            stream.fail(Status.CANCELLED.withDescription("ssh agent connection ended: " + e.getMessage()));
            closeQuietly(conn);
        }
    }

    private static void closeQuietly(SocketChannel conn) {
        try {
            conn.close();
        } catch (IOException e) {
            // Closing is all that is left to do; the peer sees the end either way.
        }
    }
}
