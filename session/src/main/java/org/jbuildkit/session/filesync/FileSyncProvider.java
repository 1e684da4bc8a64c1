package org.jbuildkit.session.filesync;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jbuildkit.api.filesync.FileSyncGrpc;
import org.jbuildkit.api.fsutil.Packet;
import org.jbuildkit.api.fsutil.Stat;
import org.jbuildkit.session.SessionHeaders;
import org.jbuildkit.session.patternmatcher.InvalidPatternException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's {@code moby.filesync.v1.FileSync} service (upstream's {@code fsSyncProvider}): the
 * daemon asks for one of the {@code --local} directories by name and gets it as an fsutil packet
 * stream, filtered on this side by the call's include/exclude patterns and follow paths, so ignored
 * files never leave the machine. Only {@code DiffCopy} is served (not the legacy {@code TarStream}), so
 * the session advertises only that. Each call ends with {@link TransferCounts} as trailers.
 * As upstream's buildctl, entries are sent owned by 0:0.
 */
public final class FileSyncProvider {
    private static final Logger LOG = LoggerFactory.getLogger(FileSyncProvider.class);
    public static final String URL = SessionHeaders.methodUrl(FileSyncGrpc.SERVICE_NAME, "DiffCopy");
    private static final Context.Key<CallState> CALL = Context.key("jbuildkit-filesync-call");
    private static final UnaryOperator<Stat> OWNED_BY_ROOT = stat -> stat.getUid() == 0 && stat.getGid() == 0
            ? stat : stat.toBuilder().setUid(0).setGid(0).build();

    private final Map<String, Path> dirs;
    private final Executor executor;
    private final Consumer<String> warnings;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /**
     * Serves {@code dirs} (name to directory); transfers run on {@code executor}, which must run three
     * tasks per call beside gRPC's threads (a cached pool does). Each skipped device, fifo or socket is
     * reported once to {@code warnings}.
     */
    public FileSyncProvider(Map<String, Path> dirs, Executor executor, Consumer<String> warnings) {
        this.dirs = new TreeMap<>(dirs);
        this.executor = executor;
        this.warnings = warnings;
    }

    /** The service to attach to the session. */
    public ServerServiceDefinition service() {
        ServerCallHandler<Packet, Packet> diffCopy = ServerCalls.asyncBidiStreamingCall(
                responses -> diffCopy(CALL.get(), responses));
        ServerCallHandler<Packet, Packet> withState = (call, headers) -> {
            TrailingCall<Packet, Packet> trailing = new TrailingCall<>(call);
            return Contexts.interceptCall(Context.current().withValue(CALL, new CallState(headers, trailing)),
                    trailing, headers, diffCopy);
        };
        return ServerServiceDefinition.builder(FileSyncGrpc.SERVICE_NAME)
                .addMethod(FileSyncGrpc.getDiffCopyMethod(), withState)
                .build();
    }

    private StreamObserver<Packet> diffCopy(CallState call, StreamObserver<Packet> responses) {
        DiffCopyRequest request = DiffCopyRequest.fromHeaders(call.headers());
        Path dir = dirs.get(request.dirName());
        if (dir == null) {
            responses.onError(Status.NOT_FOUND.withDescription("no access allowed to dir "
                    + GoQuote.quote(request.dirName()) + "; " + served()).asRuntimeException());
            return new Discard();
        }
        FilteredWalk walk;
        try {
            walk = FilteredWalk.of(request.filter(), OWNED_BY_ROOT, this::warnOnce);
        } catch (InvalidPatternException e) {
            responses.onError(Status.INVALID_ARGUMENT.withDescription("cannot send local directory "
                    + GoQuote.quote(request.dirName()) + ": " + e.getMessage()).asRuntimeException());
            return new Discard();
        }
        Context context = Context.current();
        String what = "FileSync.DiffCopy of local " + GoQuote.quote(request.dirName());
        BlockingStream<Packet> stream = BlockingStream.serve(responses, what);
        executor.execute(() -> {
            try {
                new FileSender(executor).send(dir, walk, PacketStream.of(stream), TransferProgress.NONE,
                        context::isCancelled);
                call.trailing().add(walk.counts().toTrailers());
                stream.complete();
            } catch (IOException | RuntimeException e) {
                LOG.debug("{} failed", what, e);
                stream.fail(Status.UNKNOWN.withDescription(e.getMessage()));
            }
        });
        return stream.requests();
    }

    private String served() {
        return dirs.isEmpty() ? "this client serves no local directories (give buildctl --local NAME=DIR)"
                : "this client serves " + String.join(", ", dirs.keySet()) + " (buildctl --local NAME=DIR)";
    }

    private void warnOnce(String message) {
        if (warned.add(message)) {
            warnings.accept(message);
        }
    }

    private record CallState(Metadata headers, TrailingCall<?, ?> trailing) {
    }

    /** A call whose trailers get what {@link #add} collected, whichever way it ends. */
    private static final class TrailingCall<ReqT, RespT> extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {
        private volatile Metadata extra;

        TrailingCall(ServerCall<ReqT, RespT> delegate) {
            super(delegate);
        }

        void add(Metadata trailers) {
            extra = trailers;
        }

        @Override
        public void close(Status status, Metadata trailers) {
            Metadata more = extra;
            if (more != null) {
                trailers.merge(more);
            }
            super.close(status, trailers);
        }
    }

    private static final class Discard implements StreamObserver<Packet> {
        @Override
        public void onNext(Packet value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }
}
