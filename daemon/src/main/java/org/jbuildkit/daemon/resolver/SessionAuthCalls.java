package org.jbuildkit.daemon.resolver;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jbuildkit.api.auth.AuthGrpc;
import org.jbuildkit.api.auth.CredentialsRequest;
import org.jbuildkit.api.auth.CredentialsResponse;
import org.jbuildkit.api.auth.FetchTokenRequest;
import org.jbuildkit.api.auth.FetchTokenResponse;
import org.jbuildkit.registry.auth.BearerToken;
import org.jbuildkit.registry.auth.Credentials;
import org.jbuildkit.registry.auth.CredentialsException;
import org.jbuildkit.registry.auth.Scope;
import org.jbuildkit.registry.auth.TokenFetchException;
import org.jbuildkit.registry.auth.TokenFetcher;
import org.jbuildkit.registry.auth.TokenRequest;
import org.jbuildkit.session.manager.Caller;

/**
 * The daemon's calls to the {@code moby.filesync.v1.Auth} service a client serves over its
 * session (upstream's {@code session/auth}): one host's credentials, or a token the client
 * fetches itself. Failures name the session and what the client answered, never a secret.
 */
final class SessionAuthCalls {

    static final String CREDENTIALS = "/" + AuthGrpc.getCredentialsMethod().getFullMethodName();
    static final String FETCH_TOKEN = "/" + AuthGrpc.getFetchTokenMethod().getFullMethodName();

    /** As upstream, a client that does not answer in time does not hold the build (or a lock) forever. */
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final Clock clock;

    SessionAuthCalls(Clock clock) {
        this.clock = clock;
    }

    /** The client's credentials for {@code host}; empty when it has none or does not serve them. */
    Optional<Credentials> credentials(Caller caller, String host) {
        CredentialsResponse answer;
        try {
            answer = AuthGrpc.newBlockingStub(caller.channel())
                    .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .credentials(CredentialsRequest.newBuilder().setHost(host).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                return Optional.empty();
            }
            throw new CredentialsException("the client (session " + caller.id() + ") could not give its credentials"
                    + " for " + host + ": " + describe(e.getStatus()), e);
        }
        if (answer.getSecret().isEmpty()) {
            return Optional.empty();
        }
        // Upstream's convention: a secret without a user name is an identity (refresh) token.
        return Optional.of(answer.getUsername().isEmpty()
                ? Credentials.identityToken("", answer.getSecret())
                : Credentials.password(answer.getUsername(), answer.getSecret()));
    }

    /** Has the client ask the realm for a token, with its own credentials for the host. */
    BearerToken fetchToken(Caller caller, TokenRequest request) throws TokenFetchException {
        FetchTokenResponse answer;
        try {
            answer = AuthGrpc.newBlockingStub(caller.channel())
                    .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .fetchToken(FetchTokenRequest.newBuilder()
                            .setClientID(TokenFetcher.CLIENT_ID)
                            .setHost(request.host())
                            .setRealm(request.realm().toString())
                            .setService(request.service())
                            .addAllScopes(request.scopes().stream().map(Scope::render).toList())
                            .build());
        } catch (StatusRuntimeException e) {
            throw new TokenFetchException("the client's token request to " + request.realm() + " for "
                    + request.host() + " failed: " + describe(e.getStatus()), request.realm(), httpStatus(e.getStatus()), e);
        }
        if (answer.getToken().isEmpty()) {
            throw new TokenFetchException("the client's token request to " + request.realm() + " for "
                    + request.host() + " answered no token", request.realm(), 200, null);
        }
        Instant now = clock.instant();
        Instant issued = answer.getIssuedAt() == 0 ? now : Instant.ofEpochSecond(answer.getIssuedAt());
        Duration lifetime = answer.getExpiresIn() > 0 ? Duration.ofSeconds(answer.getExpiresIn())
                : BearerToken.DEFAULT_LIFETIME;
        // A client clock ahead of ours must not stretch the token's reuse.
        return new BearerToken(answer.getToken(), issued.isAfter(now) ? now : issued, lifetime);
    }

    /**
     * The token server's answer as far as the client's status tells it: ours maps 401/403/no answer to
     * codes; upstream's buildctl sends UNKNOWN with the HTTP status in its message.
     */
    static int httpStatus(Status status) {
        String text = status.getDescription() == null ? "" : status.getDescription();
        return switch (status.getCode()) {
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case UNAVAILABLE, DEADLINE_EXCEEDED -> 0;
            default -> text.contains("401 Unauthorized") ? 401 : text.contains("403 Forbidden") ? 403 : 502;
        };
    }

    private static String describe(Status status) {
        String description = status.getDescription();
        return description == null || description.isEmpty() ? status.getCode().toString() : description;
    }
}
