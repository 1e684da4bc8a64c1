package org.jbuildkit.session.filesync;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.jbuildkit.api.filesync.BytesMessage;
import org.jbuildkit.api.filesync.FileSendGrpc;
import org.jbuildkit.api.fsutil.Packet;
import org.jbuildkit.session.manager.Caller;

/**
 * The daemon's calls into a client's {@link FileSendTarget}: upstream's {@code CopyToCaller} (send a
 * directory tree) and {@code CopyFileWriter} (stream one file). The exporter index travels in the
 * {@code buildkit-attachable-exporter-id} header, which older clients ignore (they have one target).
 */
public final class FileSendCalls {
    /** Upstream's writer splits at 3 MiB to stay under peers' 4 MiB default; chunks this size never come near. */
    static final int FILE_CHUNK = 1 << 20;

    private FileSendCalls() {
    }

    /** Sends the tree under {@code root} to target {@code exporterId}; returns when the client has written it. */
    public static void copyToCaller(Caller caller, int exporterId, Path root, TreeWalk walk, Executor executor,
            TransferProgress progress, BooleanSupplier cancelled) throws IOException {
        requireTarget(caller);
        BlockingStream<Packet> stream = BlockingStream.call(channel(caller, exporterId, Map.of()),
                FileSendMethods.PACKETS, CallOptions.DEFAULT, "FileSend.DiffCopy to the client");
        try {
            new FileSender(executor).send(root, walk, PacketStream.of(stream), progress, cancelled);
            stream.complete();
            while (stream.receive().isPresent()) {
                // The receiver has nothing more to say after FIN; wait for it to end the call.
            }
        } catch (IOException | RuntimeException e) {
            stream.fail(Status.CANCELLED.withDescription(e.getMessage()));
            throw e;
        }
    }

    /**
     * A stream into target {@code exporterId}: {@code close()} waits until the client has the whole
     * file; {@link FileStream#abort} cancels the transfer. {@code metadata} go as {@code exporter-md-*}.
     */
    public static FileStream fileWriter(Caller caller, int exporterId, Map<String, String> metadata)
            throws IOException {
        requireTarget(caller);
        BlockingStream<BytesMessage> stream = BlockingStream.call(channel(caller, exporterId, metadata),
                FileSendGrpc.getDiffCopyMethod(), CallOptions.DEFAULT, "FileSend.DiffCopy to the client");
        return new FileStream(stream);
    }

    private static void requireTarget(Caller caller) throws FileSyncException {
        if (!caller.supports(FileSendMethods.URL)) {
            throw new FileSyncException("the client of session " + caller.id() + " does not serve "
                    + FileSendMethods.URL + ", so it cannot receive this output; its buildctl must attach a"
                    + " FileSend target for --output type=local or type=tar");
        }
    }

    private static Channel channel(Caller caller, int exporterId, Map<String, String> metadata) {
        Metadata headers = new Metadata();
        headers.put(FileSendMethods.EXPORTER_ID, Integer.toString(exporterId));
        metadata.forEach((k, v) -> headers.put(
                Metadata.Key.of(FileSendMethods.METADATA_PREFIX + k, Metadata.ASCII_STRING_MARSHALLER), v));
        return ClientInterceptors.intercept(caller.channel(), MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    /** Bytes to the client in chunks; the call ends with {@link #close} or {@link #abort}. */
    public static final class FileStream extends OutputStream {
        private final BlockingStream<BytesMessage> stream;
        private final byte[] buffer = new byte[FILE_CHUNK];
        private int used;
        private boolean closed;

        private FileStream(BlockingStream<BytesMessage> stream) {
            this.stream = stream;
        }

        @Override
        public void write(int b) throws IOException {
            if (used == buffer.length) {
                flush();
            }
            buffer[used++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (used == buffer.length) {
                    flush();
                }
                int n = Math.min(len, buffer.length - used);
                System.arraycopy(b, off, buffer, used, n);
                used += n;
                off += n;
                len -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            if (used > 0) {
                stream.send(BytesMessage.newBuilder().setData(ByteString.copyFrom(buffer, 0, used)).build());
                used = 0;
            }
        }

        /** Sends what is left, ends the upload and waits for the client to confirm it wrote everything. */
        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                flush();
                stream.complete();
                while (stream.receive().isPresent()) {
                    // The client sends nothing back; the end of the call is its answer.
                }
            } catch (IOException | RuntimeException e) {
                stream.fail(Status.CANCELLED.withDescription(e.getMessage()));
                throw e;
            }
        }

        /** Cancels the upload; the client drops what it got. */
        public void abort(String reason) {
            closed = true;
            stream.fail(Status.CANCELLED.withDescription(reason));
        }
    }
}
