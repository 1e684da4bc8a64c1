package org.jbuildkit.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Asks a token server (the {@code realm} of a {@code Bearer} challenge) for a registry token, as
 * the distribution token specification and containerd do: {@code GET realm?service=…&scope=…}
 * with HTTP Basic when there is a password, or, for an identity (refresh) token, the OAuth2
 * {@code POST} form, falling back to {@code GET} for servers that do not support it.
 */
public final class TokenFetcher implements TokenSource {

    /** The OAuth2 {@code client_id} upstream BuildKit sends. */
    public static final String CLIENT_ID = "buildkit-client";

    // Registries without the OAuth2 POST endpoint: GCR answers 404, Artifactory 401, ACR 400, others 405.
    private static final Set<Integer> POST_UNSUPPORTED = Set.of(400, 401, 404, 405);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_BODY_IN_MESSAGE = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<String, HttpClient> clientForHost;
    private final Clock clock;
    private final String userAgent;

    /**
     * @param clientForHost the HTTP client for a realm's {@code host[:port]}: a realm may live on
     *     another host with its own TLS settings
     */
    public TokenFetcher(Function<String, HttpClient> clientForHost, Clock clock) {
        this(clientForHost, clock, "");
    }

    /**
     * @param userAgent the {@code User-Agent} of token requests (e.g. {@code buildctl/0.1.0}), or
     *     empty for the HTTP client's own
     */
    public TokenFetcher(Function<String, HttpClient> clientForHost, Clock clock, String userAgent) {
        this.clientForHost = Objects.requireNonNull(clientForHost, "clientForHost");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
    }

    public TokenFetcher(HttpClient client, Clock clock) {
        this(host -> client, clock);
    }

    @Override
    public BearerToken fetch(TokenRequest request, Credentials credentials) throws TokenFetchException {
        return fetch(request.realm(), request.service(), request.scopes(), credentials);
    }

    /** Tokens fetched here are for the credentials presented: one principal per set of credentials. */
    @Override
    public String principal(TokenRequest request, Credentials credentials) {
        return Principals.of(credentials);
    }

    /**
     * Fetches a token for {@code scopes} from {@code realm}.
     *
     * @param credentials what to present, or {@code null} for an anonymous token
     */
    public BearerToken fetch(URI realm, String service, List<Scope> scopes, Credentials credentials)
            throws TokenFetchException {
        if (credentials != null && credentials.isIdentityToken()) {
            HttpResponse<String> posted = send(realm, oauthPost(realm, service, scopes, credentials), credentials);
            if (!POST_UNSUPPORTED.contains(posted.statusCode())) {
                return parse(realm, posted, credentials);
            }
        }
        return parse(realm, send(realm, get(realm, service, scopes, credentials), credentials), credentials);
    }

    private HttpRequest get(URI realm, String service, List<Scope> scopes, Credentials credentials) {
        var query = new ArrayList<String>();
        if (service != null && !service.isEmpty()) {
            query.add("service=" + encode(service));
        }
        for (Scope scope : scopes) {
            query.add("scope=" + encode(scope.render()));
        }
        String existing = realm.getRawQuery();
        String joined = String.join("&", query);
        String uri = realm.toString().replaceFirst("[?#].*$", "")
                + (existing == null || existing.isEmpty() ? (joined.isEmpty() ? "" : "?" + joined)
                        : "?" + existing + (joined.isEmpty() ? "" : "&" + joined));
        var builder = withUserAgent(HttpRequest.newBuilder(URI.create(uri)).timeout(REQUEST_TIMEOUT).GET());
        if (credentials != null && credentials.kind() != Credentials.Kind.REGISTRY_TOKEN) {
            builder.header("Authorization", credentials.basicAuthorization());
        }
        return builder.build();
    }

    private HttpRequest oauthPost(URI realm, String service, List<Scope> scopes, Credentials credentials) {
        var form = new ArrayList<String>();
        form.add("grant_type=refresh_token");
        form.add("refresh_token=" + encode(credentials.secret()));
        form.add("service=" + encode(service == null ? "" : service));
        if (!scopes.isEmpty()) {
            form.add("scope=" + encode(String.join(" ", scopes.stream().map(Scope::render).toList())));
        }
        form.add("client_id=" + encode(CLIENT_ID));
        form.add("access_type=offline");
        return withUserAgent(HttpRequest.newBuilder(realm).timeout(REQUEST_TIMEOUT))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("&", form)))
                .build();
    }

    private HttpResponse<String> send(URI realm, HttpRequest request, Credentials credentials) throws TokenFetchException {
        HttpClient client = clientForHost.apply(authority(realm));
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TokenFetchException(request.method() + " " + realm + " failed: "
                    + Redaction.redact(String.valueOf(e), credentials), realm, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenFetchException("interrupted while fetching a token from " + realm, realm, 0, e);
        }
    }

    private BearerToken parse(URI realm, HttpResponse<String> response, Credentials credentials)
            throws TokenFetchException {
        String method = response.request().method();
        if (response.statusCode() != 200) {
            String body = Redaction.redact(oneLine(response.body()), credentials);
            throw new TokenFetchException(method + " " + realm + " answered " + StatusText.of(response.statusCode())
                    + (body.isEmpty() ? "" : ": " + body), realm, response.statusCode(), null);
        }
        JsonNode json;
        try {
            json = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new TokenFetchException(method + " " + realm + " answered 200 with a body that is not JSON",
                    realm, 200, null);
        }
        String token = json == null ? "" : json.path("token").asText("");
        if (token.isEmpty() && json != null) {
            token = json.path("access_token").asText("");
        }
        if (token.isEmpty()) {
            throw new TokenFetchException(method + " " + realm + " answered 200 without a \"token\" or"
                    + " \"access_token\"", realm, 200, null);
        }
        long expiresIn = json.path("expires_in").asLong(0);
        Duration lifetime = expiresIn > 0 ? Duration.ofSeconds(expiresIn) : BearerToken.DEFAULT_LIFETIME;
        return new BearerToken(token, issuedAt(json.path("issued_at").asText("")), lifetime);
    }

    /** The server's {@code issued_at}, but never later than our clock: a server clock ahead must not stretch reuse. */
    private Instant issuedAt(String text) {
        Instant now = clock.instant();
        if (text.isEmpty()) {
            return now;
        }
        try {
            Instant issued = OffsetDateTime.parse(text).toInstant();
            return issued.isAfter(now) ? now : issued;
        } catch (DateTimeParseException e) {
            return now;
        }
    }

    private HttpRequest.Builder withUserAgent(HttpRequest.Builder builder) {
        return userAgent.isEmpty() ? builder : builder.header("User-Agent", userAgent);
    }

    static String authority(URI uri) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String oneLine(String body) {
        String s = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return s.length() <= MAX_BODY_IN_MESSAGE ? s : s.substring(0, MAX_BODY_IN_MESSAGE) + "…";
    }
}
