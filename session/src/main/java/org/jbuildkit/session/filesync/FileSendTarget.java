package org.jbuildkit.session.filesync;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.jbuildkit.api.filesync.BytesMessage;
import org.jbuildkit.api.filesync.FileSendGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's {@code moby.filesync.v1.FileSend} service (upstream's {@code SyncTarget}): where the
 * daemon delivers outputs, one target per exporter index. A directory target receives an fsutil
 * packet stream into the directory; a file target receives chunks into a {@link FileOutput}.
 */
public final class FileSendTarget {
    private static final Logger LOG = LoggerFactory.getLogger(FileSendTarget.class);
    private static final Context.Key<Metadata> HEADERS = Context.key("jbuildkit-filesend-headers");

    private final Map<Integer, Path> dirs = new HashMap<>();
    private final Map<Integer, FileOutput> files = new HashMap<>();
    private final Executor executor;

    /** Transfers run on {@code executor}, off gRPC's threads, one task each. */
    public FileSendTarget(Executor executor) {
        this.executor = executor;
    }

    /** Where one output's bytes go; the metadata are the call's {@code exporter-md-*} values. */
    @FunctionalInterface
    public interface FileOutput {
        Sink open(Map<String, String> metadata) throws IOException;
    }

    /** One transfer's bytes: {@link #commit} keeps them, {@link #abort} drops them. */
    public interface Sink {
        void write(ByteString data) throws IOException;

        void commit() throws IOException;

        void abort();
    }

    /** Exporter {@code id} writes the directory {@code dir} (created, mode 0700, if missing). */
    public synchronized FileSendTarget directory(int id, Path dir) {
        dirs.put(id, dir);
        return this;
    }

    /** Exporter {@code id} writes one file through {@code output}. */
    public synchronized FileSendTarget file(int id, FileOutput output) {
        files.put(id, output);
        return this;
    }

    public synchronized boolean isEmpty() {
        return dirs.isEmpty() && files.isEmpty();
    }

    /** The service to attach to the session. */
    public ServerServiceDefinition service() {
        ServerCallHandler<byte[], byte[]> diffCopy = ServerCalls.asyncBidiStreamingCall(
                responses -> diffCopy(HEADERS.get(), responses));
        ServerCallHandler<byte[], byte[]> withHeaders = (call, headers) -> Contexts.interceptCall(
                Context.current().withValue(HEADERS, headers), call, headers, diffCopy);
        return ServerServiceDefinition.builder(FileSendGrpc.SERVICE_NAME)
                .addMethod(FileSendMethods.RAW, withHeaders)
                .build();
    }

    private StreamObserver<byte[]> diffCopy(Metadata headers, StreamObserver<byte[]> responses) {
        int id = FileSendMethods.exporterId(headers);
        Path dir;
        FileOutput output;
        synchronized (this) {
            dir = dirs.get(id);
            output = files.get(id);
        }
        if (dir == null && output == null) {
            responses.onError(Status.NOT_FOUND.withDescription("exporter " + id + " not found: this client has no"
                    + " output with that index").asRuntimeException());
            return new Discard();
        }
        BlockingStream<byte[]> stream = BlockingStream.serve(responses, "FileSend.DiffCopy for exporter " + id);
        executor.execute(() -> {
            try {
                if (dir != null) {
                    receiveDirectory(stream, dir);
                } else {
                    receiveFile(stream, output, metadata(headers));
                }
                stream.complete();
            } catch (IOException | RuntimeException e) {
                LOG.debug("FileSend for exporter {} failed", id, e);
                stream.fail(Status.UNKNOWN.withDescription(e.getMessage()));
            }
        });
        return stream.requests();
    }

    private static void receiveDirectory(BlockingStream<byte[]> stream, Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (IOException e) {
                throw new FileSyncException("cannot create the output directory " + dir + ": " + e.getMessage(), e);
            }
        }
        FileReceiver.receive(PacketStream.ofBytes(stream), dir, ReceiveOptions.ownedByCurrentUser(),
                TransferProgress.NONE);
    }

    private static void receiveFile(BlockingStream<byte[]> stream, FileOutput output, Map<String, String> metadata)
            throws IOException {
        Sink sink = output.open(metadata);
        boolean committed = false;
        try {
            Optional<byte[]> next;
            while ((next = stream.receive()).isPresent()) {
                try {
                    sink.write(BytesMessage.parseFrom(next.get()).getData());
                } catch (InvalidProtocolBufferException e) {
                    throw new FileSyncException("the daemon sent a message that is not a BytesMessage: "
                            + e.getMessage());
                }
            }
            sink.commit();
            committed = true;
        } finally {
            if (!committed) {
                sink.abort();
            }
        }
    }

    private static Map<String, String> metadata(Metadata headers) {
        Map<String, String> out = new HashMap<>();
        if (headers == null) {
            return out;
        }
        for (String key : headers.keys()) {
            if (key.startsWith(FileSendMethods.METADATA_PREFIX) && !key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                Iterable<String> values = headers.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
                out.put(key.substring(FileSendMethods.METADATA_PREFIX.length()),
                        values == null ? "" : String.join(",", values));
            }
        }
        return out;
    }

    private static final class Discard implements StreamObserver<byte[]> {
        @Override
        public void onNext(byte[] value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }
}
