package org.jbuildkit.session.content;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jbuildkit.api.content.WriteAction;
import org.jbuildkit.api.content.WriteContentRequest;
import org.jbuildkit.api.content.WriteContentResponse;

/**
 * One {@code Content.Write} stream, as containerd's content server runs it: the first message names the ref (and may
 * give the total and expected digest), which locks that write for the stream; each message is answered with the
 * offset; STAT reports, WRITE appends at the current offset (offset 0 starts over), COMMIT verifies and stores the
 * blob and ends the stream. ALREADY_EXISTS when the expected blob is there already.
 */
final class WriteStream implements StreamObserver<WriteContentRequest> {
    private final ContentStoreService service;
    private final StreamObserver<WriteContentResponse> responses;
    private LayoutContentStore store;
    private Ingest ingest;
    private boolean ended;

    WriteStream(ContentStoreService service, StreamObserver<WriteContentResponse> responses) {
        this.service = service;
        this.responses = responses;
    }

    @Override
    public synchronized void onNext(WriteContentRequest request) {
        if (ended) {
            return;
        }
        try {
            if (ingest == null) {
                store = service.chosen();
                ingest = store.lock(request.getRef(), request.getTotal(), request.getExpected());
            }
            WriteContentResponse response = handle(request);
            responses.onNext(response);
            if (request.getAction() == WriteAction.COMMIT) {
                ended = true;
                ingest = null;
                responses.onCompleted();
            }
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private WriteContentResponse handle(WriteContentRequest request) {
        if (!request.getExpected().isEmpty() && store.info(request.getExpected()).isPresent()) {
            store.abort(ingest.ref());
            ingest = null;
            throw new ContentStoreException(Status.Code.ALREADY_EXISTS, "blob with expected digest "
                    + request.getExpected() + " exists");
        }
        ingest.total(request.getTotal());
        ingest.expect(request.getExpected());
        WriteContentResponse.Builder out = WriteContentResponse.newBuilder().setAction(request.getAction());
        switch (request.getAction()) {
            case STAT -> out.setOffset(ingest.offset()).setDigest(ingest.digestSoFar()).setTotal(ingest.total())
                    .setStartedAt(ContentStoreService.timestamp(ingest.startedAt()))
                    .setUpdatedAt(ContentStoreService.timestamp(ingest.updatedAt()));
            case WRITE, COMMIT -> {
                try {
                    if (request.getOffset() > 0 && request.getOffset() != ingest.offset()) {
                        throw new ContentStoreException(Status.Code.OUT_OF_RANGE, "write @" + request.getOffset()
                                + " must occur at current offset " + ingest.offset());
                    }
                    if (request.getOffset() == 0 && ingest.offset() > 0) {
                        ingest.truncate();
                    }
                    if (!request.getData().isEmpty()) {
                        ingest.write(request.getData().asReadOnlyByteBuffer());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("writing " + ingest.ref() + " failed: " + e.getMessage(), e);
                }
                out.setOffset(ingest.offset());
                if (request.getAction() == WriteAction.COMMIT) {
                    Ingest committing = ingest;
                    out.setDigest(store.commit(committing, request.getTotal(), request.getExpected()));
                } else {
                    out.setDigest(ingest.digestSoFar());
                }
            }
            default -> throw new ContentStoreException(Status.Code.INVALID_ARGUMENT, "unknown write action "
                    + request.getActionValue());
        }
        return out.build();
    }

    @Override
    public synchronized void onError(Throwable t) {
        release();
    }

    @Override
    public synchronized void onCompleted() {
        release();
        if (!ended) {
            ended = true;
            responses.onCompleted();
        }
    }

    private void fail(RuntimeException e) {
        release();
        ended = true;
        responses.onError(ContentStoreService.toStatus(e));
    }

    /** The write stays for a later stream to resume (or for abort); only this stream's lock ends. */
    private void release() {
        if (ingest != null && store != null) {
            store.unlock(ingest);
            ingest = null;
        }
    }
}
