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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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
    static final String DIR_NAME = "dir-name";
    static final String INCLUDE_PATTERNS = "include-patterns";
    static final String EXCLUDE_PATTERNS = "exclude-patterns";
    static final String FOLLOW_PATHS = "followpaths";

    private LocalDirCalls() {
    }

    /** What a sync moved, as the receiver saw it and as the sender reported it. */
    public record SyncResult(ReceiveReport received, SenderCounts sender) {
    }

    /**
     * Brings {@code dest} in line with the client's directory: only entries whose metadata changed are
     * requested, entries the client no longer has are deleted. Fails naming the directory when the
     * client does not serve FileSync or refuses the name.
     */
    public static SyncResult sync(Caller caller, LocalDirRequest request, Path dest, ReceiveOptions options,
            TransferProgress progress) throws IOException {
        if (!caller.supports(URL)) {
            throw new FileSyncException("the client of session " + caller.id() + " does not serve " + URL
                    + ", so it cannot send local directory \"" + request.name() + "\"; pass it with"
                    + " buildctl build --local " + request.name() + "=DIR");
        }
        AtomicReference<Metadata> trailers = new AtomicReference<>();
        Channel channel = ClientInterceptors.intercept(caller.channel(), new TrailerCapture(trailers),
                io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers(request)));
        BlockingStream<Packet> stream = BlockingStream.call(channel, FileSyncGrpc.getDiffCopyMethod(),
                CallOptions.DEFAULT, "FileSync.DiffCopy of local \"" + request.name() + "\"");
        try {
            ReceiveReport report = FileReceiver.receive(PacketStream.of(stream), dest, options, progress);
            stream.complete();
            while (stream.receive().isPresent()) {
                // The sender has nothing more to say after FIN; its trailers come with the end of the call.
            }
            return new SyncResult(report, SenderCounts.from(trailers.get()));
        } catch (IOException | RuntimeException e) {
            stream.fail(Status.CANCELLED.withDescription(String.valueOf(e.getMessage())));
            throw e;
        }
    }

    /** The request headers upstream's daemon sends; values with non-ASCII characters are query-escaped. */
    static Metadata headers(LocalDirRequest request) {
        Metadata md = new Metadata();
        put(md, DIR_NAME, List.of(request.name()));
        put(md, INCLUDE_PATTERNS, request.includePatterns());
        put(md, EXCLUDE_PATTERNS, request.excludePatterns());
        put(md, FOLLOW_PATHS, request.followPaths());
        return md;
    }

    private static void put(Metadata md, String name, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        boolean encode = values.stream().anyMatch(v -> v.chars().anyMatch(c -> c > 0x7e || c < 0x20));
        Metadata.Key<String> key = Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
        for (String v : values) {
            md.put(key, encode ? queryEscape(v) : v);
        }
        if (encode) {
            md.put(Metadata.Key.of(name + "-encoded", Metadata.ASCII_STRING_MARSHALLER), "1");
        }
    }

    /** Go's {@code url.QueryEscape}: unreserved characters kept, space as {@code +}, the rest %XX. */
    static String queryEscape(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
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
