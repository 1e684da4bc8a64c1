package org.jbuildkit.registry.hosts;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Flow;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import org.jbuildkit.registry.diagnostics.RegistryException;
import org.jbuildkit.registry.diagnostics.RegistryProbe;
import org.jbuildkit.registry.diagnostics.Side;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one request to a {@link RegistryEndpoint}, applying its {@link SchemePlan}. The only state is upstream's
 * {@code httpFallback}, made explicit:
 * <pre>
 * HTTPS_UNVERIFIED_THEN_HTTP, host not yet fallen back:
 *   try https://  ── answered ─────────────────────────────────────────→ response
 *        │ the port answered in plain HTTP ("unrecognized SSL message"),
 *        │ or (no port in the host) connection refused / connect timeout
 *        └→ remember the host, log, try http:// ── answered ───────────→ response
 * host already fallen back: http:// directly.
 * </pre>
 * Any other transport failure is explained by {@link RegistryProbe} and thrown as a {@link RegistryException}.
 * A plain-HTTP request answered {@code 400 Client sent an HTTP request to an HTTPS server} is thrown the same way.
 */
public final class RegistryTransport {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryTransport.class);
    private static final String HTTPS_SERVER_ANSWER = "HTTP request to an HTTPS server";

    private final RegistryProbe probe;
    private final Set<String> fellBack = ConcurrentHashMap.newKeySet();

    public RegistryTransport() {
        this(new RegistryProbe());
    }

    public RegistryTransport(RegistryProbe probe) {
        this.probe = probe;
    }

    /**
     * Sends {@code request} to {@code endpoint}'s {@code /v2<prefix>/<apiPath>} ({@code apiPath ""} is the API
     * root). The body publisher, if any, must be repeatable: it is sent again over HTTP after a fallback.
     * Non-2xx answers are returned as they are (auth and error mapping are the caller's); only a failure to get
     * an answer, or a plain-HTTP request refused by a TLS port, throws.
     *
     * @throws RegistryException when the registry cannot be reached, with the phase, the peer's behaviour and the fix
     */
    public <T> HttpResponse<T> send(RegistryEndpoint endpoint, String apiPath, HttpRequest.Builder request,
            HttpResponse.BodyHandler<T> handler) {
        String scheme = schemeFor(endpoint);
        try {
            return attempt(endpoint, scheme, apiPath, request, handler);
        } catch (IOException e) {
            if ("https".equals(scheme) && endpoint.plan().fallsBackToHttp() && shouldFallBack(endpoint, e)) {
                fellBack.add(endpoint.host());
                LOG.info("{}: https failed ({}); falling back to plain http for this host (insecure = true and"
                        + " http = true in {})", endpoint.host(), e.getMessage(), endpoint.config().source());
                try {
                    return attempt(endpoint, "http", apiPath, request, handler);
                } catch (IOException again) {
                    again.addSuppressed(e);
                    throw probe.explain(endpoint, "http", action(request), again);
                }
            }
            throw probe.explain(endpoint, scheme, action(request), e);
        }
    }

    /** The scheme the next request to {@code endpoint} uses: {@code http} once a fallback happened for its host. */
    public String schemeFor(RegistryEndpoint endpoint) {
        if (endpoint.plan().fallsBackToHttp() && fellBack.contains(endpoint.host())) {
            return "http";
        }
        return endpoint.plan().firstScheme();
    }

    /** True once a request to {@code endpoint}'s host moved from HTTPS to HTTP. */
    public boolean fellBackToHttp(RegistryEndpoint endpoint) {
        return fellBack.contains(endpoint.host());
    }

    private <T> HttpResponse<T> attempt(RegistryEndpoint endpoint, String scheme, String apiPath,
            HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) throws IOException {
        URI uri = endpoint.uri(scheme, apiPath);
        HttpRequest built = request.copy().uri(uri).build();
        LOG.debug("{} {}", built.method(), uri);
        HttpResponse<Answer<T>> response;
        try {
            response = endpoint.httpClient().send(built, info -> wrap(scheme, info, handler));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted while sending " + built.method() + " "
                    + uri);
        }
        if (response.body() instanceof Answer.Refused<T> refused) {
            LOG.debug("{} answered 400 \"{}\" to plain HTTP", uri, refused.text().strip());
            var report = probe.probe(endpoint, scheme);
            if (!report.ok()) {
                throw report.toException(action(request), Side.DAEMON, null);
            }
            throw new IOException(uri + " answered 400: " + refused.text().strip());
        }
        return new Unwrapped<>(response, ((Answer.Body<T>) response.body()).value());
    }

    private static <T> HttpResponse.BodySubscriber<Answer<T>> wrap(String scheme, HttpResponse.ResponseInfo info,
            HttpResponse.BodyHandler<T> handler) {
        if ("http".equals(scheme) && info.statusCode() == 400) {
            // A small body: read it to recognise a TLS port's refusal, else replay it to the caller's subscriber.
            return BodySubscribers.mapping(BodySubscribers.ofByteArray(), bytes -> {
                String text = new String(bytes, StandardCharsets.UTF_8);
                return text.contains(HTTPS_SERVER_ANSWER) ? new Answer.Refused<>(text)
                        : new Answer.Body<>(replay(handler.apply(info), bytes));
            });
        }
        return BodySubscribers.mapping(handler.apply(info), Answer.Body::new);
    }

    private static <T> T replay(HttpResponse.BodySubscriber<T> subscriber, byte[] bytes) {
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
        });
        subscriber.onNext(List.of(ByteBuffer.wrap(bytes)));
        subscriber.onComplete();
        return subscriber.getBody().toCompletableFuture().join();
    }

    /**
     * Upstream's {@code isTLSError || isPortError}: the port spoke plain HTTP to the handshake, or (only when the host
     * names no port, so another port may be meant) the connection was refused or timed out.
     */
    private static boolean shouldFallBack(RegistryEndpoint endpoint, IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t instanceof SSLException && (message.contains("unsupported or unrecognized ssl message")
                    || message.contains("plaintext connection"))) {
                return true;
            }
        }
        boolean portError = e instanceof HttpConnectTimeoutException || e instanceof ConnectException;
        return portError && !endpoint.hasExplicitPort();
    }

    private static String action(HttpRequest.Builder request) {
        String method = request.copy().uri(URI.create("http://x/")).build().method();
        return switch (method) {
            case "PUT", "POST", "PATCH", "DELETE" -> "pushing to";
            default -> "pulling from";
        };
    }

    /** The caller's body, or the text of a plain-HTTP request refused by a TLS port. */
    private sealed interface Answer<T> {
        record Body<T>(T value) implements Answer<T> {}

        record Refused<T>(String text) implements Answer<T> {}
    }
}
