package org.jbuildkit.session.secrets;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jbuildkit.api.secrets.GetSecretRequest;
import org.jbuildkit.api.secrets.SecretsGrpc;
import org.jbuildkit.session.manager.Caller;

/** The daemon's call into a client's Secrets service (upstream's {@code secrets.GetSecret}). */
public final class SecretCalls {
    public static final String GET_SECRET = "/moby.buildkit.secrets.v1.Secrets/GetSecret";

    private SecretCalls() {
    }

    /**
     * The secret's bytes, or empty when the client does not have it: it did not advertise the
     * service, or answered NOT_FOUND or UNIMPLEMENTED. Other failures are thrown, without the data.
     */
    public static Optional<byte[]> get(Caller caller, String id) {
        if (!caller.supports(GET_SECRET)) {
            return Optional.empty();
        }
        try {
            return Optional.of(SecretsGrpc.newBlockingStub(caller.channel()).withDeadlineAfter(60, TimeUnit.SECONDS)
                    .getSecret(GetSecretRequest.newBuilder().setID(id).build()).getData().toByteArray());
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.NOT_FOUND || code == Status.Code.UNIMPLEMENTED) {
                return Optional.empty();
            }
            throw new IllegalStateException("reading secret " + id + " from the client failed: " + code
                    + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription()), e);
        }
    }
}
