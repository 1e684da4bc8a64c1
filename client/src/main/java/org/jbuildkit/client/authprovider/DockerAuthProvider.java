package org.jbuildkit.client.authprovider;

import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jbuildkit.api.BuildInfo;
import org.jbuildkit.api.auth.AuthGrpc;
import org.jbuildkit.api.auth.CredentialsRequest;
import org.jbuildkit.api.auth.CredentialsResponse;
import org.jbuildkit.api.auth.FetchTokenRequest;
import org.jbuildkit.api.auth.FetchTokenResponse;
import org.jbuildkit.registry.auth.BearerToken;
import org.jbuildkit.registry.auth.CredentialSource;
import org.jbuildkit.registry.auth.Credentials;
import org.jbuildkit.registry.auth.CredentialsException;
import org.jbuildkit.registry.auth.DockerConfigCredentials;
import org.jbuildkit.registry.auth.Scope;
import org.jbuildkit.registry.auth.TokenFetchException;
import org.jbuildkit.registry.auth.TokenFetcher;
import org.jbuildkit.registry.auth.TokenRequest;

/**
 * The {@code moby.filesync.v1.Auth} service a build's session serves (upstream's
 * {@code authprovider}): the daemon asks for one registry host's credentials at a time, read
 * from this user's docker config when asked, and may ask this process to fetch a registry token
 * itself, so the password is presented to the token server by the client. Only
 * {@code Credentials} and {@code FetchToken} are served (not the token-authority methods), and
 * {@code FetchToken} not at all when {@code BUILDKIT_NO_CLIENT_TOKEN} is true. Never logs a secret.
 */
public final class DockerAuthProvider {

    /** The variable that makes the daemon fetch tokens itself, as upstream's buildctl reads it. */
    public static final String NO_CLIENT_TOKEN = "BUILDKIT_NO_CLIENT_TOKEN";

    private final CredentialSource credentials;
    private final TokenFetcher tokens;
    private final boolean clientTokens;

    DockerAuthProvider(CredentialSource credentials, TokenFetcher tokens, boolean clientTokens) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clientTokens = clientTokens;
    }

    /** The provider of this process: its {@code DOCKER_CONFIG} (or {@code ~/.docker}) and its token setting. */
    public static DockerAuthProvider forEnvironment(Map<String, String> environment) {
        BuildInfo build = BuildInfo.current();
        // Made on the first token fetch only: an HttpClient's selector thread sits in native code, and the JVM's
        // exit waits up to 300 ms for such threads, which every buildctl build would pay.
        var tokenClient = new java.util.concurrent.atomic.AtomicReference<java.net.http.HttpClient>();
        var fetcher = new TokenFetcher(host -> {
            synchronized (tokenClient) {
                if (tokenClient.get() == null) {
                    tokenClient.set(java.net.http.HttpClient.newHttpClient());
                }
                return tokenClient.get();
            }
        }, Clock.systemUTC(),
                "buildctl/" + build.version() + " (jbuildkit)");
        return new DockerAuthProvider(new DockerConfigCredentials(environment), fetcher,
                !GoBool.isTrue(environment.get(NO_CLIENT_TOKEN)));
    }

    /** Whether {@code FetchToken} is offered to the daemon. */
    public boolean offersTokens() {
        return clientTokens;
    }

    /** The service to attach to a session: {@code Credentials}, and {@code FetchToken} when offered. */
    public ServerServiceDefinition service() {
        var service = ServerServiceDefinition.builder(AuthGrpc.SERVICE_NAME)
                .addMethod(AuthGrpc.getCredentialsMethod(), ServerCalls.asyncUnaryCall(this::credentials));
        if (clientTokens) {
            service.addMethod(AuthGrpc.getFetchTokenMethod(), ServerCalls.asyncUnaryCall(this::fetchToken));
        }
        return service.build();
    }

    /**
     * Upstream's answer: user name and password, or, for an identity (refresh) token, the token as
     * the secret with no user name; nothing for a host without credentials.
     */
    void credentials(CredentialsRequest request, StreamObserver<CredentialsResponse> response) {
        Optional<Credentials> found;
        try {
            found = credentials.credentials(request.getHost());
        } catch (CredentialsException e) {
            response.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        var answer = CredentialsResponse.newBuilder();
        found.ifPresent(c -> {
            switch (c.kind()) {
                case PASSWORD -> answer.setUsername(c.username()).setSecret(c.secret());
                case IDENTITY_TOKEN -> answer.setSecret(c.secret());
                // A registry token is for the registry only: it is handed out through FetchToken.
                case REGISTRY_TOKEN -> { }
            }
        });
        response.onNext(answer.build());
        response.onCompleted();
    }

    /** Asks the realm for a token with this user's credentials for the host (anonymously without). */
    void fetchToken(FetchTokenRequest request, StreamObserver<FetchTokenResponse> response) {
        URI realm;
        try {
            realm = URI.create(request.getRealm());
        } catch (IllegalArgumentException e) {
            realm = null;
        }
        if (realm == null || realm.getHost() == null || !("http".equals(realm.getScheme())
                || "https".equals(realm.getScheme()))) {
            response.onError(Status.INVALID_ARGUMENT.withDescription("the token realm \"" + request.getRealm()
                    + "\" for " + request.getHost() + " is not an http(s) URL").asRuntimeException());
            return;
        }
        try {
            Optional<Credentials> found = credentials.credentials(request.getHost());
            BearerToken token;
            if (found.isPresent() && found.get().kind() == Credentials.Kind.REGISTRY_TOKEN) {
                token = new BearerToken(found.get().secret(), Clock.systemUTC().instant(), BearerToken.DEFAULT_LIFETIME);
            } else {
                token = tokens.fetch(new TokenRequest(request.getHost(), realm, request.getService(),
                        request.getScopesList().stream().flatMap(s -> Scope.parseAll(s).stream()).toList()),
                        found.orElse(null));
            }
            response.onNext(FetchTokenResponse.newBuilder()
                    .setToken(token.token())
                    .setExpiresIn(token.expiresIn().toSeconds())
                    .setIssuedAt(token.issuedAt().getEpochSecond())
                    .build());
            response.onCompleted();
        } catch (CredentialsException e) {
            response.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
        } catch (TokenFetchException e) {
            response.onError(TokenStatus.of(e).asRuntimeException());
        }
    }
}
