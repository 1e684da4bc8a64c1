package org.jbuildkit.session.content;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jbuildkit.api.content.ContentGrpc;
import org.jbuildkit.api.content.Info;
import org.jbuildkit.api.content.InfoRequest;
import org.jbuildkit.api.content.ReadContentRequest;
import org.jbuildkit.api.content.ReadContentResponse;
import org.jbuildkit.api.content.WriteAction;
import org.jbuildkit.api.content.WriteContentRequest;
import org.jbuildkit.api.content.WriteContentResponse;
import org.jbuildkit.session.manager.Caller;

/**
 * The daemon's side of one of the client's content stores (upstream's {@code session/content.NewCallerStore}):
 * calls on the session's channel, each carrying the store ID header. Reads stream; writes go chunk by chunk, each
 * acknowledged before the next, and end with a commit the client verifies. A blob already there counts as written.
 */
public final class CallerContentStore {
    public static final String WRITE_METHOD = "/containerd.services.content.v1.Content/Write";
    private static final long UNARY_SECONDS = 60;

    private final Caller caller;
    private final String storeId;
    private final Channel channel;

    public CallerContentStore(Caller caller, String storeId) {
        this.caller = caller;
        this.storeId = storeId;
        Metadata headers = new Metadata();
        headers.put(ContentStoreHeaders.STORE_ID, storeId);
        this.channel = ClientInterceptors.intercept(caller.channel(),
                MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    public String storeId() {
        return storeId;
    }

    /** Whether the client serves content stores at all (it advertised the service's methods). */
    public boolean served() {
        return caller.supports(WRITE_METHOD);
    }

    /** The blob's info, or empty when the store has no such blob. */
    public Optional<Info> info(String digest) {
        try {
            return Optional.of(ContentGrpc.newBlockingStub(channel).withDeadlineAfter(UNARY_SECONDS, TimeUnit.SECONDS)
                    .info(InfoRequest.newBuilder().setDigest(digest).build()).getInfo());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND && !unknownStore(e)) {
                return Optional.empty();
            }
            throw failure("info of " + digest, e);
        }
    }

    /** The blob's bytes as a stream, fetched as it is read; close it to stop early. */
    public InputStream read(String digest) {
        Context.CancellableContext call = Context.current().withCancellation();
        Context previous = call.attach();
        try {
            Iterator<ReadContentResponse> chunks = ContentGrpc.newBlockingStub(channel)
                    .read(ReadContentRequest.newBuilder().setDigest(digest).build());
            return new ChunkStream(chunks, call, digest);
        } finally {
            call.detach(previous);
        }
    }

    /**
     * Writes a blob from {@code data} under {@code ref}: the client checks its size and digest before storing it.
     * Returns normally when the store already had it.
     */
    public void write(String ref, String digest, long size, InputStream data) throws IOException {
        BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
        StreamObserver<WriteContentRequest> requests = ContentGrpc.newStub(channel).write(new Answers(answers));
        try {
            requests.onNext(WriteContentRequest.newBuilder().setAction(WriteAction.STAT).setRef(ref).setTotal(size)
                    .setExpected(digest).build());
            long offset = await(answers, ref).getOffset();
            if (offset > 0) {
                offset = 0; // start over: the stream here cannot seek back into a half-sent earlier attempt
            }
            byte[] buffer = new byte[ContentStoreService.CHUNK];
            int n;
            while ((n = data.readNBytes(buffer, 0, buffer.length)) > 0) {
                requests.onNext(WriteContentRequest.newBuilder().setAction(WriteAction.WRITE).setOffset(offset)
                        .setData(ByteString.copyFrom(buffer, 0, n)).build());
                offset = await(answers, ref).getOffset();
            }
            requests.onNext(WriteContentRequest.newBuilder().setAction(WriteAction.COMMIT).setOffset(offset)
                    .setTotal(size).setExpected(digest).build());
            WriteContentResponse committed = await(answers, ref);
            if (!committed.getDigest().equals(digest)) {
                throw new IOException("the client stored " + ref + " as " + committed.getDigest() + ", not " + digest);
            }
            requests.onCompleted();
        } catch (AlreadyThere e) {
            // The client ended the stream with ALREADY_EXISTS: nothing left to close.
        } catch (IOException | RuntimeException e) {
            requests.onError(Status.CANCELLED.withDescription("write abandoned: " + e.getMessage())
                    .asRuntimeException());
            throw e;
        }
    }

    private WriteContentResponse await(BlockingQueue<Object> answers, String ref) throws IOException {
        Object answer;
        try {
            answer = answers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted writing " + ref + " to " + storeId);
        }
        if (answer instanceof WriteContentResponse response) {
            return response;
        }
        if (answer instanceof StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
                throw new AlreadyThere();
            }
            throw failure("writing " + ref, e);
        }
        throw new IOException("the client ended the write of " + ref + " to " + storeId + " without an answer");
    }

    private boolean unknownStore(StatusRuntimeException e) {
        String description = e.getStatus().getDescription();
        return description != null && description.startsWith("unknown store");
    }

    ContentStoreException failure(String what, StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        String detail = e.getStatus().getDescription() == null ? code.toString() : e.getStatus().getDescription();
        if (code == Status.Code.UNIMPLEMENTED || (code == Status.Code.NOT_FOUND && unknownStore(e)) || !served()) {
            return new ContentStoreException(Status.Code.NOT_FOUND, "the client's session does not serve content store "
                    + storeId + " (" + detail + "): the client must serve that directory, as buildctl does for"
                    + " --export-cache type=local,dest=DIR and --import-cache type=local,src=DIR", e);
        }
        return new ContentStoreException(code, what + " in the client's content store " + storeId + " failed: "
                + detail, e);
    }

    /** The blob already exists in the store; the write is done. */
    private static final class AlreadyThere extends RuntimeException {
        AlreadyThere() {
            super(null, null, false, false);
        }
    }

    private static final class Answers implements StreamObserver<WriteContentResponse> {
        private final BlockingQueue<Object> answers;

        Answers(BlockingQueue<Object> answers) {
            this.answers = answers;
        }

        @Override
        public void onNext(WriteContentResponse value) {
            answers.offer(value);
        }

        @Override
        public void onError(Throwable t) {
            answers.offer(t instanceof StatusRuntimeException s ? s : Status.fromThrowable(t).asRuntimeException());
        }

        @Override
        public void onCompleted() {
            answers.offer("completed");
        }
    }

    /** The Read stream's chunks as an InputStream. */
    private final class ChunkStream extends InputStream {
        private final Iterator<ReadContentResponse> chunks;
        private final Context.CancellableContext call;
        private final String digest;
        private ByteString current = ByteString.EMPTY;
        private int position;
        private boolean closed;

        ChunkStream(Iterator<ReadContentResponse> chunks, Context.CancellableContext call, String digest) {
            this.chunks = chunks;
            this.call = call;
            this.digest = digest;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (position >= current.size()) {
                if (closed || !next()) {
                    return -1;
                }
            }
            int n = Math.min(len, current.size() - position);
            current.copyTo(b, position, off, n);
            position += n;
            return n;
        }

        private boolean next() throws IOException {
            try {
                if (!chunks.hasNext()) {
                    return false;
                }
                current = chunks.next().getData();
                position = 0;
                return true;
            } catch (StatusRuntimeException e) {
                ContentStoreException failure = failure("reading " + digest, e);
                throw new IOException(failure.getMessage(), failure);
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                call.cancel(null);
            }
        }
    }
}
