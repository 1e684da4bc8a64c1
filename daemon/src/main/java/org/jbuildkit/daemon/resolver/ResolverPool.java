package org.jbuildkit.daemon.resolver;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jbuildkit.api.BuildInfo;
import org.jbuildkit.daemon.solver.SessionGroup;
import org.jbuildkit.registry.auth.BearerTokenCache;
import org.jbuildkit.registry.auth.CredentialSource;
import org.jbuildkit.registry.auth.DockerConfigCredentials;
import org.jbuildkit.registry.auth.RegistryAuthenticator;
import org.jbuildkit.registry.auth.TokenFetcher;
import org.jbuildkit.registry.distribution.RegistryClient;
import org.jbuildkit.registry.hosts.RegistryHosts;
import org.jbuildkit.registry.hosts.RegistryTransport;

/**
 * The registry clients of the builds (upstream's {@code resolver.Pool}): one per group of client
 * sessions, authorized through those sessions (see {@link SessionAuthorization}), all sharing the
 * daemon's host settings, connections, request limit and token cache. Image sources pull with
 * {@link #resolver}; exporters push with the same.
 */
public final class ResolverPool {

    /** Builds at once that keep what they learnt; an older one asks its client again. */
    private static final int MAX_HELD = 64;

    private final RegistryClient registry;
    private final CredentialSource daemonCredentials;
    private final TokenFetcher daemonTokens;
    private final BearerTokenCache tokens;
    private final SessionAuthCalls calls;
    private final Map<List<String>, RegistryClient> bySessions = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<String>, RegistryClient> eldest) {
            return size() > MAX_HELD;
        }
    };

    /**
     * @param registry the daemon's client (hosts, transport, limit); its own authorization is not used
     * @param daemonCredentials the daemon's docker config: the fallback for builds without a session
     *     and hosts the client has no credentials for
     * @param daemonTokens fetches tokens in the daemon when the client does not
     */
    public ResolverPool(RegistryClient registry, CredentialSource daemonCredentials, TokenFetcher daemonTokens,
            Clock clock) {
        this.registry = registry;
        this.daemonCredentials = daemonCredentials;
        this.daemonTokens = daemonTokens;
        this.tokens = new BearerTokenCache(clock);
        this.calls = new SessionAuthCalls(clock);
    }

    /**
     * The daemon's pool: its {@code [registry]} host settings, at most {@code maxConcurrency} requests at a
     * time, its own docker config as the fallback, and tokens it fetches itself sent with buildkitd's
     * {@code User-Agent}.
     */
    public static ResolverPool forDaemon(RegistryHosts hosts, int maxConcurrency, Clock clock) {
        HttpClient tokenClient = HttpClient.newHttpClient();
        TokenFetcher fetcher = new TokenFetcher(host -> tokenClient, clock,
                "buildkitd/" + BuildInfo.current().version() + " (jbuildkit)");
        // This client's own authorization is replaced for every build by withAuth.
        var unused = new RegistryAuthenticator(CredentialSource.anonymous(), fetcher, clock);
        return new ResolverPool(new RegistryClient(hosts, new RegistryTransport(), unused, maxConcurrency),
                DockerConfigCredentials.fromEnvironment(), fetcher, clock);
    }

    /** The registry client for a build waited on by {@code sessions}: its pulls and pushes use their credentials. */
    public RegistryClient resolver(SessionGroup sessions) {
        List<String> key = sessions.ids();
        synchronized (bySessions) {
            RegistryClient held = bySessions.get(key);
            if (held != null) {
                return held;
            }
            var authorization = new SessionAuthorization(sessions, daemonCredentials, daemonTokens, calls,
                    () -> forget(key));
            RegistryClient client = registry.withAuth(new RegistryAuthenticator(authorization, authorization, tokens));
            bySessions.put(key, client);
            return client;
        }
    }

    /**
     * As {@link #resolver(SessionGroup)}, with {@code registry.insecure=true} for {@code registryHost}: what a
     * {@code type=image} push or a registry cache export with that attribute uses.
     */
    public RegistryClient resolver(SessionGroup sessions, String insecureRegistryHost) {
        return resolver(sessions).withInsecurePush(insecureRegistryHost);
    }

    private void forget(List<String> key) {
        synchronized (bySessions) {
            bySessions.remove(key);
        }
    }
}
