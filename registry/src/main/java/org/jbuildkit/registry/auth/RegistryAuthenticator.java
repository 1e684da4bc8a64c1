package org.jbuildkit.registry.auth;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authorization for registry requests, as containerd's docker authorizer does it: nothing until a
 * host answers 401, then the scheme it asked for — a Bearer token from its token server (anonymous
 * or with the user's credentials), or HTTP Basic — remembered per host so later requests carry it
 * up front.
 *
 * <p>Callers: send {@link #authorization} (if any) with every request; on a 401 pass the
 * {@code WWW-Authenticate} headers to {@link #respondTo} and retry once with what it returns. A
 * second 401 for the same request, passed again, makes it throw an {@link AuthenticationException}
 * that says which credentials were refused.
 */
public final class RegistryAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryAuthenticator.class);

    /** How a host asked to be authenticated, learnt from its last challenge. */
    private sealed interface HostScheme {}

    private record Bearer(URI realm, String service, CredentialLookup lookup)
            implements HostScheme {}

    private record Basic(CredentialLookup lookup) implements HostScheme {}

    private final CredentialSource credentialSource;
    private final TokenSource tokenSource;
    private final BearerTokenCache tokens;
    private final Map<String, HostScheme> hosts = new ConcurrentHashMap<>();

    /**
     * @param credentialSource where credentials for a host come from (for one build: its client session)
     * @param tokenSource who fetches Bearer tokens: this process, or the build's client
     * @param tokens the token cache, which may be shared by every build: its keys name the principal
     */
    public RegistryAuthenticator(CredentialSource credentialSource, TokenSource tokenSource, BearerTokenCache tokens) {
        this.credentialSource = Objects.requireNonNull(credentialSource, "credentialSource");
        this.tokenSource = Objects.requireNonNull(tokenSource, "tokenSource");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    public RegistryAuthenticator(CredentialSource credentialSource, TokenFetcher fetcher, Clock clock) {
        this(credentialSource, fetcher, new BearerTokenCache(clock));
    }

    /** Which credentials this authenticator would use for a host and where they came from (never the secret). */
    public CredentialLookup lookup(String host) {
        return credentialSource.lookup(host);
    }

    /**
     * The {@code Authorization} header to send up front to {@code host} for {@code scopes}: empty
     * until the host has challenged us; a cached (or, once expired, refreshed) Bearer token or the
     * Basic credentials after that.
     */
    public Optional<String> authorization(String host, List<Scope> scopes) {
        HostScheme scheme = hosts.get(host);
        if (scheme instanceof Basic basic) {
            return basic.lookup().credentials().map(Credentials::basicAuthorization);
        }
        if (scheme instanceof Bearer bearer) {
            return Optional.of(bearerAuthorization(host, bearer, Scope.normalize(scopes)));
        }
        return Optional.empty();
    }

    /**
     * Answers a 401 from {@code host}: the {@code Authorization} header value to retry with.
     *
     * @param wwwAuthenticate every {@code WWW-Authenticate} header value of the 401 response
     * @param scopes the repositories and actions the request needs
     * @throws AuthenticationException when no answer can succeed: credentials missing or refused,
     *     the token server refusing or unreachable, or an unsupported challenge
     */
    public String respondTo(String host, List<String> wwwAuthenticate, List<Scope> scopes) {
        List<AuthChallenge> challenges = AuthChallenge.parseAll(wwwAuthenticate);
        Optional<AuthChallenge> bearer = challenges.stream().filter(AuthChallenge::isBearer).findFirst();
        if (bearer.isPresent()) {
            return respondToBearer(host, bearer.get(), scopes);
        }
        Optional<AuthChallenge> basic = challenges.stream().filter(AuthChallenge::isBasic).findFirst();
        if (basic.isPresent()) {
            return respondToBasic(host, scopes);
        }
        String offered = challenges.isEmpty() ? "no WWW-Authenticate challenge"
                : "only " + String.join(", ", challenges.stream().map(AuthChallenge::scheme).toList()) + " challenges";
        throw new AuthenticationException("registry " + host + " answered 401 Unauthorized for "
                + Scope.describe(scopes) + " with " + offered + ", and only Bearer and Basic are supported",
                "check that " + host + " is a container registry (its /v2/ endpoint), or put a registry in front of it",
                host, scopes, 401, null);
    }

    private String respondToBearer(String host, AuthChallenge challenge, List<Scope> scopes) {
        String realmText = challenge.param("realm").orElse("");
        URI realm;
        try {
            realm = URI.create(realmText);
        } catch (IllegalArgumentException e) {
            realm = null;
        }
        if (realm == null || realm.getHost() == null || !List.of("http", "https").contains(realm.getScheme())) {
            throw new AuthenticationException("registry " + host + " sent a Bearer challenge for " + Scope.describe(scopes)
                    + " whose realm \"" + realmText + "\" is not an http(s) URL",
                    "fix the token realm in the registry's auth configuration", host, scopes, 401, null);
        }
        List<Scope> challengeScopes = challenge.param("scope").map(Scope::parseAll).orElse(List.of());
        var bearer = new Bearer(realm, challenge.param("service").orElse(""), lookup(host, scopes));
        List<Scope> all = merge(scopes, challengeScopes);
        var key = tokenKey(new TokenRequest(host, realm, bearer.service(), all), bearer.lookup().credentials());
        Optional<String> error = challenge.param("error");
        boolean hadToken = tokens.cached(key).isPresent();
        tokens.invalidate(key);
        hosts.put(host, bearer);
        Optional<Credentials> credentials = bearer.lookup().credentials();
        if (error.isPresent() && (hadToken || isRegistryToken(credentials))) {
            String description = challenge.param("error_description").map(d -> " (" + d + ")").orElse("");
            throw new AuthenticationException("registry " + host + " refused the token for " + Scope.describe(all)
                    + " with 401 Unauthorized, error \"" + error.get() + "\"" + description + "; the token was issued by "
                    + realm + " for " + bearer.lookup().describe(),
                    refusedFix(host, bearer.lookup(), all), host, all, 401, null);
        }
        LOG.debug("{} asked for a Bearer token from {} (service \"{}\") for {}", host, realm, bearer.service(),
                Scope.describe(all));
        return bearerAuthorization(host, bearer, all);
    }

    private String bearerAuthorization(String host, Bearer bearer, List<Scope> scopes) {
        Optional<Credentials> credentials = bearer.lookup().credentials();
        if (isRegistryToken(credentials)) {
            return "Bearer " + credentials.get().secret();
        }
        var request = new TokenRequest(host, bearer.realm(), bearer.service(), scopes);
        Credentials presented = credentials.orElse(null);
        try {
            return tokens.get(tokenKey(request, credentials), () -> tokenSource.fetch(request, presented)).authorization();
        } catch (TokenFetchException e) {
            throw tokenFailure(host, bearer, request.scopes(), e);
        }
    }

    private BearerTokenCache.Key tokenKey(TokenRequest request, Optional<Credentials> credentials) {
        return new BearerTokenCache.Key(request, tokenSource.principal(request, credentials.orElse(null)));
    }

    private AuthenticationException tokenFailure(String host, Bearer bearer, List<Scope> scopes, TokenFetchException e) {
        CredentialLookup lookup = bearer.lookup();
        String what = "cannot get a token for " + Scope.describe(scopes) + " on registry " + host + ": "
                + e.getMessage() + "; presented " + lookup.describe();
        String fix;
        if (e.status() == 401 || e.status() == 403) {
            fix = lookup.found() ? refusedFix(host, lookup, scopes)
                    : "run `" + RegistryHosts.loginCommand(host) + "` (no credentials were found in " + lookup.source() + ")";
        } else if (e.status() == 0) {
            fix = "check that the token server " + e.realm() + " is reachable from this machine (DNS, proxy, TLS)";
        } else {
            fix = "check the token server " + e.realm() + " and its logs; retry if it is overloaded";
        }
        return new AuthenticationException(what, fix, host, scopes, e.status(), e);
    }

    private String respondToBasic(String host, List<Scope> scopes) {
        HostScheme previous = hosts.get(host);
        if (previous instanceof Basic basic && basic.lookup().found()) {
            // We had already sent these credentials: a second 401 means they are wrong.
            hosts.remove(host);
            throw new AuthenticationException("registry " + host + " refused " + basic.lookup().describe()
                    + " for " + Scope.describe(scopes) + " with 401 Unauthorized (Basic auth)",
                    refusedFix(host, basic.lookup(), scopes), host, scopes, 401, null);
        }
        CredentialLookup lookup = lookup(host, scopes);
        Credentials credentials = lookup.credentials().orElseThrow(() -> new AuthenticationException(
                "registry " + host + " requires authentication (401 Unauthorized, Basic auth) for " + Scope.describe(scopes)
                        + " and there are no credentials for " + host + " (looked in " + lookup.source() + ")",
                "run `" + RegistryHosts.loginCommand(host) + "`, or add an auths entry for \"" + host + "\" to config.json",
                host, scopes, 401, null));
        if (credentials.kind() != Credentials.Kind.PASSWORD) {
            throw new AuthenticationException("registry " + host + " asks for Basic auth for " + Scope.describe(scopes)
                    + " but the credentials for it are " + credentials.describe() + " from " + lookup.source()
                    + ", which only a token server accepts",
                    "run `" + RegistryHosts.loginCommand(host) + "` with a user name and password", host, scopes, 401, null);
        }
        hosts.put(host, new Basic(lookup));
        LOG.debug("{} asked for Basic auth; answering with {}", host, lookup.describe());
        return credentials.basicAuthorization();
    }

    private CredentialLookup lookup(String host, List<Scope> scopes) {
        try {
            return credentialSource.lookup(host);
        } catch (CredentialsException e) {
            throw new AuthenticationException("registry " + host + " requires authentication for " + Scope.describe(scopes)
                    + " but its credentials cannot be read: " + e.getMessage(),
                    "repair the credential configuration named above", host, scopes, 401, e);
        }
    }

    private static String refusedFix(String host, CredentialLookup lookup, List<Scope> scopes) {
        if (!lookup.found()) {
            return "run `" + RegistryHosts.loginCommand(host) + "` with an account allowed " + Scope.describe(scopes)
                    + " (no credentials were found in " + lookup.source() + ")";
        }
        return "run `" + RegistryHosts.loginCommand(host) + "` with the right password, or check " + lookup.source()
                + "; make sure that account is allowed " + Scope.describe(scopes);
    }

    private static boolean isRegistryToken(Optional<Credentials> credentials) {
        return credentials.map(c -> c.kind() == Credentials.Kind.REGISTRY_TOKEN).orElse(false);
    }

    private static List<Scope> merge(List<Scope> requested, List<Scope> fromChallenge) {
        var all = new ArrayList<Scope>(requested);
        all.addAll(fromChallenge);
        return Scope.normalize(all);
    }
}
