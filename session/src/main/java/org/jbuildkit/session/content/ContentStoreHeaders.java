package org.jbuildkit.session.content;

import io.grpc.Metadata;

/** The gRPC header that picks which of the client's content stores a call is for, as upstream's session/content. */
public final class ContentStoreHeaders {
    public static final Metadata.Key<String> STORE_ID = Metadata.Key.of("buildkit-attachable-store-id",
            Metadata.ASCII_STRING_MARSHALLER);

    private ContentStoreHeaders() {
    }
}
