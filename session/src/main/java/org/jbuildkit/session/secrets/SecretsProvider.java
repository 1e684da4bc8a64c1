package org.jbuildkit.session.secrets;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jbuildkit.api.secrets.GetSecretRequest;
import org.jbuildkit.api.secrets.GetSecretResponse;
import org.jbuildkit.api.secrets.SecretsGrpc;

/**
 * The client's {@code moby.buildkit.secrets.v1.Secrets} service (upstream's {@code secretProvider}):
 * answers GetSecret from the sources it was given, reading each when asked; an unknown id is
 * {@code NOT_FOUND}, as upstream, which the daemon treats as a missing secret.
 */
public final class SecretsProvider extends SecretsGrpc.SecretsImplBase {
    private final Map<String, SecretSource> sources = new LinkedHashMap<>();

    /** A later source with the id of an earlier one replaces it, as upstream's store does. */
    public SecretsProvider(List<SecretSource> sources) {
        sources.forEach(s -> this.sources.put(s.id(), s));
    }

    @Override
    public void getSecret(GetSecretRequest request, StreamObserver<GetSecretResponse> responses) {
        SecretSource source = sources.get(request.getID());
        if (source == null) {
            responses.onError(Status.NOT_FOUND.withDescription("secret " + request.getID() + " not found")
                    .asRuntimeException());
            return;
        }
        byte[] data;
        try {
            data = source.read();
        } catch (IOException e) {
            // The message names the file, never its content.
            responses.onError(Status.FAILED_PRECONDITION.withDescription("cannot read " + source + ": " + e)
                    .asRuntimeException());
            return;
        }
        responses.onNext(GetSecretResponse.newBuilder().setData(ByteString.copyFrom(data)).build());
        responses.onCompleted();
    }
}
