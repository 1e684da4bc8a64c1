package org.jbuildkit.client.authprovider;

import io.grpc.Status;
import org.jbuildkit.registry.auth.TokenFetchException;

/**
 * A failed token request as the gRPC status the daemon receives: the token server's HTTP status
 * as a code (401 unauthenticated, 403 permission denied, no answer unavailable) and the message,
 * which names the realm and what it answered, never a secret.
 */
final class TokenStatus {

    private TokenStatus() {}

    static Status of(TokenFetchException e) {
        Status code = switch (e.status()) {
            case 401 -> Status.UNAUTHENTICATED;
            case 403 -> Status.PERMISSION_DENIED;
            case 0 -> Status.UNAVAILABLE;
            default -> Status.UNKNOWN;
        };
        return code.withDescription(e.getMessage());
    }
}
