package org.jbuildkit.daemon.buildlog;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jbuildkit.api.buildlogs.BuildLogsGrpc;
import org.jbuildkit.api.buildlogs.VertexLogChunk;
import org.jbuildkit.api.buildlogs.VertexLogRequest;

/**
 * {@code jbuildkit.v1.BuildLogs}: streams the whole kept log of a build's vertex, for the client to
 * show when the progress stream had to clip a failing step.
 */
public final class BuildLogService extends BuildLogsGrpc.BuildLogsImplBase {
    private static final int CHUNK = 256 * 1024;

    private final BuildLogStore store;

    public BuildLogService(BuildLogStore store) {
        this.store = store;
    }

    @Override
    public void vertexLog(VertexLogRequest request, StreamObserver<VertexLogChunk> response) {
        Optional<Path> file;
        try {
            file = store.find(request.getRef(), request.getVertex());
        } catch (IllegalArgumentException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        if (file.isEmpty()) {
            response.onError(Status.NOT_FOUND.withDescription("no log kept for vertex " + request.getVertex()
                    + " of build " + request.getRef() + " (it wrote nothing, or the build is older than the last "
                    + BuildLogStore.KEEP_BUILDS + " builds)").asRuntimeException());
            return;
        }
        ServerCallStreamObserver<VertexLogChunk> call = (ServerCallStreamObserver<VertexLogChunk>) response;
        LogSender sender;
        try {
            sender = new LogSender(file.get(), call);
        } catch (IOException e) {
            response.onError(Status.INTERNAL.withDescription("cannot read the log " + file.get() + ": " + e.getMessage())
                    .asRuntimeException());
            return;
        }
        call.setOnCancelHandler(sender::close);
        call.setOnReadyHandler(sender);
    }

    /** Sends the file as fast as the client takes it, so a large log never piles up in memory. */
    private static final class LogSender implements Runnable {
        private final Path file;
        private final ServerCallStreamObserver<VertexLogChunk> call;
        private final InputStream in;
        private final long size;
        private final byte[] buffer = new byte[CHUNK];
        private boolean first = true;
        private boolean done;

        LogSender(Path file, ServerCallStreamObserver<VertexLogChunk> call) throws IOException {
            this.file = file;
            this.call = call;
            this.size = Files.size(file);
            this.in = Files.newInputStream(file);
        }

        @Override
        public synchronized void run() {
            try {
                while (!done && call.isReady()) {
                    int n = in.readNBytes(buffer, 0, buffer.length);
                    if (n > 0 || first) {
                        VertexLogChunk.Builder chunk = VertexLogChunk.newBuilder().setData(ByteString.copyFrom(buffer, 0, n));
                        if (first) {
                            chunk.setPath(file.toString()).setSize(size);
                            first = false;
                        }
                        call.onNext(chunk.build());
                    }
                    if (n < buffer.length) {
                        done = true;
                        close();
                        call.onCompleted();
                    }
                }
            } catch (IOException e) {
                done = true;
                close();
                call.onError(Status.INTERNAL.withDescription("cannot read the log " + file + ": " + e.getMessage())
                        .asRuntimeException());
            }
        }

        synchronized void close() {
            try {
                in.close();
            } catch (IOException e) {
                // Nothing more is read from it either way.
            }
        }
    }
}
