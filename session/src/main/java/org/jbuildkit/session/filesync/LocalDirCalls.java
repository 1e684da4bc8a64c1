package org.jbuildkit.session.filesync;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.jbuildkit.api.filesync.FileSyncGrpc;
import org.jbuildkit.api.fsutil.Packet;
import org.jbuildkit.session.SessionHeaders;
import org.jbuildkit.session.manager.Caller;

/**
 * The daemon's call into a client's {@code FileSync/DiffCopy} (upstream's {@code FSSync}): asks for a
 * {@code --local} directory by name, with the patterns the client filters it by, and receives it into
 * the daemon's copy of that directory.
 */
public final class LocalDirCalls {
    public static final String URL = SessionHeaders.methodUrl(FileSyncGrpc.SERVICE_NAME, "DiffCopy");

    private LocalDirCalls() {
    }

    /** What a sync moved, as the receiver saw it and as the sender reported it. */
    public record SyncResult(ReceiveReport received, java.util.Optional<TransferCounts> sender) {
    }

    /**
     * Brings {@code dest} in line with the client's directory: only entries whose metadata changed are
     * requested, entries the client no longer has are deleted. Fails naming the directory when the
     * client does not serve FileSync or refuses the name.
     */
    public static SyncResult sync(Caller caller, DiffCopyRequest request, Path dest, ReceiveOptions options,
            TransferProgress progress) throws IOException {
        if (!caller.supports(URL)) {
            throw new FileSyncException("the client of session " + caller.id() + " does not serve " + URL
                    + ", so it cannot send local directory \"" + request.dirName() + "\"; pass it with"
                    + " buildctl build --local " + request.dirName() + "=DIR");
        }
        AtomicReference<Metadata> trailers = new AtomicReference<>();
        Channel channel = ClientInterceptors.intercept(caller.channel(), new TrailerCapture(trailers),
                io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(request.toHeaders()));
        BlockingStream<Packet> stream = BlockingStream.call(channel, FileSyncGrpc.getDiffCopyMethod(),
                CallOptions.DEFAULT, "FileSync.DiffCopy of local \"" + request.dirName() + "\"");
        try {
            ReceiveReport report = FileReceiver.receive(PacketStream.of(stream), dest, options, progress);
            stream.complete();
            while (stream.receive().isPresent()) {
                // The sender has nothing more to say after FIN; its trailers come with the end of the call.
            }
            return new SyncResult(report, TransferCounts.fromTrailers(trailers.get()));
        } catch (IOException | RuntimeException e) {
            stream.fail(Status.CANCELLED.withDescription(String.valueOf(e.getMessage())));
            throw e;
        }
    }

    /** Keeps the trailers of the call, where jbuildkit's sender puts its counts. */
    private record TrailerCapture(AtomicReference<Metadata> trailers) implements ClientInterceptor {
        @Override
        public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
                CallOptions options, Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void start(Listener<RespT> listener, Metadata headers) {
                    super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                        @Override
                        public void onClose(Status status, Metadata received) {
                            trailers.set(received);
                            super.onClose(status, received);
                        }
                    }, headers);
                }
            };
        }
    }
}
