package org.jbuildkit.registry.distribution;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.jbuildkit.registry.auth.CredentialLookup;
import org.jbuildkit.registry.auth.RegistryAuthenticator;
import org.jbuildkit.registry.diagnostics.AuthFailures;
import org.jbuildkit.registry.diagnostics.Side;
import org.jbuildkit.registry.auth.Scope;
import org.jbuildkit.registry.diagnostics.RegistryException;
import org.jbuildkit.registry.hosts.RegistryEndpoint;
import org.jbuildkit.registry.hosts.RegistryTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one registry request the way every action needs it: a bounded number at a time, with the
 * cached authorization, answering a 401 challenge once, and retrying 429/5xx and dropped
 * connections with exponential backoff a bounded number of times.
 */
final class RegistryCall {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryCall.class);
    private static final int ATTEMPTS = 3;

    private final RegistryTransport transport;
    private final RegistryAuthenticator auth;
    private final Semaphore permits;
    private final Duration firstBackoff;

    RegistryCall(RegistryTransport transport, RegistryAuthenticator auth, int maxConcurrency, Duration firstBackoff) {
        this(transport, auth, new Semaphore(Math.max(1, maxConcurrency)), firstBackoff);
    }

    private RegistryCall(RegistryTransport transport, RegistryAuthenticator auth, Semaphore permits,
            Duration firstBackoff) {
        this.transport = transport;
        this.auth = auth;
        this.permits = permits;
        this.firstBackoff = firstBackoff;
    }

    /** The same calls with another build's authorization, sharing this one's connection limit. */
    RegistryCall withAuth(RegistryAuthenticator other) {
        return new RegistryCall(transport, other, permits, firstBackoff);
    }

    <T> HttpResponse<T> send(RegistryEndpoint endpoint, String apiPath, HttpRequest.Builder request,
            HttpResponse.BodyHandler<T> handler, List<Scope> scopes) {
        Optional<String> authorization = auth.authorization(endpoint.host(), scopes);
        boolean challenged = false;
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder copy = request.copy();
            authorization.ifPresent(value -> copy.setHeader("Authorization", value));
            HttpResponse<T> response;
            try {
                response = withPermit(() -> transport.send(endpoint, apiPath, copy, handler));
            } catch (RegistryException e) {
                if (attempt >= ATTEMPTS || !transient_(e)) {
                    throw e;
                }
                backoff(attempt, endpoint, e.getMessage());
                continue;
            }
            int status = response.statusCode();
            if (status == 401) {
                // A second 401 makes respondTo throw, naming the credentials the registry refused.
                authorization = Optional.of(auth.respondTo(endpoint.host(),
                        response.headers().allValues("WWW-Authenticate"), scopes));
                if (challenged) {
                    throw forbidden(endpoint, apiPath, request, 401, scopes);
                }
                challenged = true;
                attempt--;
                continue;
            }
            if (status == 403) {
                throw forbidden(endpoint, apiPath, request, 403, scopes);
            }
            if ((status == 429 || status >= 500) && attempt < ATTEMPTS) {
                backoff(attempt, endpoint, "status " + status);
                continue;
            }
            return response;
        }
    }

    private RegistryException forbidden(RegistryEndpoint endpoint, String apiPath, HttpRequest.Builder request,
            int status, List<Scope> scopes) {
        CredentialLookup lookup = auth.lookup(endpoint.host());
        AuthFailures.CredentialsTried tried = lookup.credentials()
                .map(c -> new AuthFailures.CredentialsTried(c.describe(), lookup.source()))
                .orElse(AuthFailures.CredentialsTried.anonymous());
        String scheme = transport.schemeFor(endpoint);
        boolean push = scopes.stream().anyMatch(scope -> scope.actions().contains(Scope.PUSH));
        String action = (push ? "pushing to " : "pulling from ") + endpoint.host();
        return AuthFailures.of(endpoint, scheme, action, status, endpoint.uri(scheme, apiPath).toString(),
                scopes.stream().map(Scope::render).collect(java.util.stream.Collectors.joining(" ")), tried,
                Side.DAEMON);
    }

    /** A failure in the HTTP phase after a good connection (reset, truncated answer) may pass. */
    private static boolean transient_(RegistryException e) {
        return e.phase() == org.jbuildkit.registry.diagnostics.Phase.HTTP;
    }

    private void backoff(int attempt, RegistryEndpoint endpoint, String why) {
        Duration wait = firstBackoff.multipliedBy(1L << (attempt - 1));
        LOG.info("{}: {}; retrying in {} ms (attempt {} of {})", endpoint.host(), why, wait.toMillis(), attempt + 1,
                ATTEMPTS);
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted while waiting to retry " + endpoint.host());
        }
    }

    private <T> T withPermit(java.util.function.Supplier<T> action) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted while waiting for a registry connection");
        }
        try {
            return action.get();
        } finally {
            permits.release();
        }
    }
}
