package org.jbuildkit.session.content;

import io.grpc.Status;

/** A content store refusing a request, with the gRPC code containerd's content service answers it with. */
public final class ContentStoreException extends RuntimeException {
    private final Status.Code code;

    ContentStoreException(Status.Code code, String message) {
        super(message);
        this.code = code;
    }

    ContentStoreException(Status.Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Status.Code code() {
        return code;
    }

    io.grpc.StatusRuntimeException toStatus() {
        return Status.fromCode(code).withDescription(getMessage()).asRuntimeException();
    }
}
