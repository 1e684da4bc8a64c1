package org.jbuildkit.session.content;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.util.Map;
import org.jbuildkit.api.content.AbortRequest;
import org.jbuildkit.api.content.ContentGrpc;
import org.jbuildkit.api.content.DeleteContentRequest;
import org.jbuildkit.api.content.Info;
import org.jbuildkit.api.content.InfoRequest;
import org.jbuildkit.api.content.InfoResponse;
import org.jbuildkit.api.content.ListContentRequest;
import org.jbuildkit.api.content.ListContentResponse;
import org.jbuildkit.api.content.ListStatusesRequest;
import org.jbuildkit.api.content.ListStatusesResponse;
import org.jbuildkit.api.content.ReadContentRequest;
import org.jbuildkit.api.content.ReadContentResponse;
import org.jbuildkit.api.content.StatusRequest;
import org.jbuildkit.api.content.StatusResponse;
import org.jbuildkit.api.content.UpdateRequest;
import org.jbuildkit.api.content.UpdateResponse;
import org.jbuildkit.api.content.WriteContentRequest;
import org.jbuildkit.api.content.WriteContentResponse;

/**
 * The client's {@code containerd.services.content.v1.Content} service on the session (upstream's
 * {@code session/content.NewAttachable}): several content stores by ID, the call's store picked by the
 * {@code buildkit-attachable-store-id} header; an unknown ID is NOT_FOUND. Attach {@link #definition()}.
 * {@link #close()} drops every unfinished write.
 */
public final class ContentStoreService extends ContentGrpc.ContentImplBase implements AutoCloseable {
    static final int CHUNK = 1 << 20;
    private static final Context.Key<String> STORE_ID = Context.key("buildkit-attachable-store-id");

    private final Map<String, LayoutContentStore> stores;

    public ContentStoreService(Map<String, LayoutContentStore> stores) {
        this.stores = Map.copyOf(stores);
    }

    /** The service with its header interceptor, for {@code Session.allow}. */
    public ServerServiceDefinition definition() {
        return ServerInterceptors.intercept(this, new StoreIdInterceptor());
    }

    @Override
    public void close() {
        stores.values().forEach(LayoutContentStore::abortAll);
    }

    LayoutContentStore chosen() {
        String id = STORE_ID.get();
        if (id == null) {
            throw new ContentStoreException(Status.Code.INVALID_ARGUMENT, "request lacks metadata \""
                    + ContentStoreHeaders.STORE_ID.name() + "\"");
        }
        LayoutContentStore store = stores.get(id);
        if (store == null) {
            throw new ContentStoreException(Status.Code.NOT_FOUND, "unknown store " + id + " (this client serves "
                    + (stores.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(stores.keySet()))) + ")");
        }
        return store;
    }

    @Override
    public void info(InfoRequest request, StreamObserver<InfoResponse> responses) {
        answer(responses, () -> {
            LayoutContentStore.BlobInfo info = chosen().info(request.getDigest()).orElseThrow(() ->
                    new ContentStoreException(Status.Code.NOT_FOUND, "content " + request.getDigest()
                            + ": not found"));
            return InfoResponse.newBuilder().setInfo(toProto(info)).build();
        });
    }

    @Override
    public void update(UpdateRequest request, StreamObserver<UpdateResponse> responses) {
        answer(responses, () -> {
            chosen();
            throw new ContentStoreException(Status.Code.FAILED_PRECONDITION,
                    "update not supported on immutable content store");
        });
    }

    @Override
    public void list(ListContentRequest request, StreamObserver<ListContentResponse> responses) {
        answer(responses, () -> {
            ListContentResponse.Builder out = ListContentResponse.newBuilder();
            chosen().list().forEach(i -> out.addInfo(toProto(i)));
            return out.build();
        });
    }

    @Override
    public void delete(DeleteContentRequest request, StreamObserver<Empty> responses) {
        answer(responses, () -> {
            chosen().delete(request.getDigest());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> responses) {
        answer(responses, () -> StatusResponse.newBuilder().setStatus(toProto(chosen().status(request.getRef())
                .orElseThrow(() -> new ContentStoreException(Status.Code.NOT_FOUND, "could not get status for ref \""
                        + request.getRef() + "\": not found")))).build());
    }

    @Override
    public void listStatuses(ListStatusesRequest request, StreamObserver<ListStatusesResponse> responses) {
        answer(responses, () -> {
            ListStatusesResponse.Builder out = ListStatusesResponse.newBuilder();
            chosen().statuses().forEach(s -> out.addStatuses(toProto(s)));
            return out.build();
        });
    }

    @Override
    public void abort(AbortRequest request, StreamObserver<Empty> responses) {
        answer(responses, () -> {
            chosen().abort(request.getRef());
            return Empty.getDefaultInstance();
        });
    }

    /** Streams the blob from the offset in chunks, sending only as fast as the caller takes them. */
    @Override
    public void read(ReadContentRequest request, StreamObserver<ReadContentResponse> responses) {
        FileChannel file;
        long end;
        long start;
        try {
            LayoutContentStore store = chosen();
            long size = store.info(request.getDigest()).orElseThrow(() -> new ContentStoreException(
                    Status.Code.NOT_FOUND, "content " + request.getDigest() + ": not found")).size();
            start = Math.max(0, request.getOffset());
            if (start > size) {
                throw new ContentStoreException(Status.Code.OUT_OF_RANGE, "read past object length " + size
                        + " bytes");
            }
            end = request.getSize() <= 0 || start + request.getSize() > size ? size : start + request.getSize();
            file = store.open(request.getDigest());
        } catch (RuntimeException e) {
            responses.onError(toStatus(e));
            return;
        }
        new BlobSender((ServerCallStreamObserver<ReadContentResponse>) responses, file, start, end).start();
    }

    @Override
    public StreamObserver<WriteContentRequest> write(StreamObserver<WriteContentResponse> responses) {
        return new WriteStream(this, responses);
    }

    /** Sends a blob's bytes as the stream becomes ready; closes the file however it ends. */
    private static final class BlobSender {
        private final ServerCallStreamObserver<ReadContentResponse> out;
        private final FileChannel file;
        private final long end;
        private long position;
        private boolean done;

        BlobSender(ServerCallStreamObserver<ReadContentResponse> out, FileChannel file, long start, long end) {
            this.out = out;
            this.file = file;
            this.position = start;
            this.end = end;
        }

        void start() {
            out.setOnCancelHandler(this::close);
            out.setOnReadyHandler(this::pump);
            pump();
        }

        private synchronized void pump() {
            try {
                while (!done && out.isReady()) {
                    if (position >= end) {
                        done = true;
                        close();
                        out.onCompleted();
                        return;
                    }
                    ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, end - position));
                    while (chunk.hasRemaining()) {
                        int n = file.read(chunk, position + chunk.position());
                        if (n < 0) {
                            throw new IOException("blob ended at " + (position + chunk.position()) + " of " + end);
                        }
                    }
                    chunk.flip();
                    out.onNext(ReadContentResponse.newBuilder().setOffset(position).setData(ByteString.copyFrom(chunk))
                            .build());
                    position = position + chunk.limit();
                }
            } catch (IOException | RuntimeException e) {
                done = true;
                close();
                out.onError(Status.INTERNAL.withDescription("reading the blob failed: " + e.getMessage())
                        .asRuntimeException());
            }
        }

        private void close() {
            try {
                file.close();
            } catch (IOException e) {
                // Closing a file opened for reading loses nothing.
            }
        }
    }

    private static final class StoreIdInterceptor implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            Iterable<String> ids = headers.getAll(ContentStoreHeaders.STORE_ID);
            String id = ids == null ? null : ids.iterator().next();
            return Contexts.interceptCall(Context.current().withValue(STORE_ID, id), call, headers, next);
        }
    }

    interface Answer<T> {
        T get();
    }

    private static <T> void answer(StreamObserver<T> responses, Answer<T> answer) {
        T value;
        try {
            value = answer.get();
        } catch (RuntimeException e) {
            responses.onError(toStatus(e));
            return;
        }
        responses.onNext(value);
        responses.onCompleted();
    }

    static io.grpc.StatusRuntimeException toStatus(RuntimeException e) {
        if (e instanceof ContentStoreException c) {
            return c.toStatus();
        }
        if (e instanceof IllegalArgumentException) {
            return Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
        }
        if (e instanceof UncheckedIOException) {
            return Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException();
        }
        return Status.INTERNAL.withDescription(e.toString()).asRuntimeException();
    }

    static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }

    private static Info toProto(LayoutContentStore.BlobInfo info) {
        return Info.newBuilder().setDigest(info.digest()).setSize(info.size())
                .setCreatedAt(timestamp(info.createdAt())).setUpdatedAt(timestamp(info.updatedAt())).build();
    }

    private static org.jbuildkit.api.content.Status toProto(LayoutContentStore.WriteStatus s) {
        return org.jbuildkit.api.content.Status.newBuilder().setRef(s.ref()).setOffset(s.offset()).setTotal(s.total())
                .setExpected(s.expected()).setStartedAt(timestamp(s.startedAt()))
                .setUpdatedAt(timestamp(s.updatedAt())).build();
    }
}
