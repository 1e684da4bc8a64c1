package org.jbuildkit.daemon.resolver;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jbuildkit.daemon.solver.SessionGroup;
import org.jbuildkit.registry.auth.BearerToken;
import org.jbuildkit.registry.auth.CredentialLookup;
import org.jbuildkit.registry.auth.CredentialSource;
import org.jbuildkit.registry.auth.Credentials;
import org.jbuildkit.registry.auth.TokenFetchException;
import org.jbuildkit.registry.auth.TokenFetcher;
import org.jbuildkit.registry.auth.TokenRequest;
import org.jbuildkit.registry.auth.TokenSource;
import org.jbuildkit.session.manager.Caller;

/**
 * One build's registry authorization, through its client sessions (upstream's
 * {@code dockerAuthorizer} with a {@code session.Group}). Credentials are asked of the client
 * per host when a registry challenges, and remembered for this build only. Bearer tokens are
 * fetched by the client when its session offers {@code Auth/FetchToken} (cached for that session
 * alone), otherwise here with the credentials (cached per credentials).
 *
 * <p>Unlike upstream, the daemon's own docker config is a fallback: for builds without a session,
 * and for hosts the client has no credentials for. Tokens for the daemon's credentials are always
 * fetched here, since the client cannot present them.
 */
final class SessionAuthorization implements CredentialSource, TokenSource {

    /** What answered for one host, and whether the credentials are the daemon's own. */
    private record Answer(CredentialLookup lookup, boolean daemonOwned) {}

    private final SessionGroup sessions;
    private final CredentialSource daemonCredentials;
    private final TokenFetcher daemonTokens;
    private final SessionAuthCalls calls;
    private final Runnable onSessionClosed;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Set<String> watched = ConcurrentHashMap.newKeySet();

    /**
     * @param onSessionClosed run once a session of the group has ended: what it answered is then stale
     */
    SessionAuthorization(SessionGroup sessions, CredentialSource daemonCredentials, TokenFetcher daemonTokens,
            SessionAuthCalls calls, Runnable onSessionClosed) {
        this.sessions = sessions;
        this.daemonCredentials = daemonCredentials;
        this.daemonTokens = daemonTokens;
        this.calls = calls;
        this.onSessionClosed = onSessionClosed;
    }

    @Override
    public Optional<Credentials> credentials(String host) {
        return lookup(host).credentials();
    }

    @Override
    public CredentialLookup lookup(String host) {
        return answer(host).lookup();
    }

    @Override
    public BearerToken fetch(TokenRequest request, Credentials credentials) throws TokenFetchException {
        Optional<Caller> client = fetchingClient(request.host());
        if (client.isPresent()) {
            return calls.fetchToken(client.get(), request);
        }
        return daemonTokens.fetch(request, credentials);
    }

    /** A token the client fetched is its session's alone; one fetched here is for the credentials presented. */
    @Override
    public String principal(TokenRequest request, Credentials credentials) {
        return fetchingClient(request.host()).map(caller -> "session:" + caller.id())
                .orElseGet(() -> daemonTokens.principal(request, credentials));
    }

    private Optional<Caller> fetchingClient(String host) {
        if (sessions.ids().isEmpty() || answer(host).daemonOwned()) {
            return Optional.empty();
        }
        Caller caller = caller();
        return caller.supports(SessionAuthCalls.FETCH_TOKEN) ? Optional.of(caller) : Optional.empty();
    }

    private Answer answer(String host) {
        Answer known = answers.get(host);
        if (known != null) {
            return known;
        }
        Answer found = ask(host);
        answers.put(host, found);
        return found;
    }

    private Answer ask(String host) {
        if (sessions.ids().isEmpty()) {
            return daemonOnly(host, "this build has no client session");
        }
        Caller caller = caller();
        if (!caller.supports(SessionAuthCalls.CREDENTIALS)) {
            return daemonOnly(host, "the client's session " + caller.id() + " serves no credentials");
        }
        String clientConfig = "the client's docker config (session " + caller.id() + ")";
        Optional<Credentials> fromClient = calls.credentials(caller, host);
        if (fromClient.isPresent()) {
            return new Answer(CredentialLookup.found(host, fromClient.get(), clientConfig), false);
        }
        CredentialLookup daemon = daemonCredentials.lookup(host);
        if (daemon.found()) {
            return new Answer(CredentialLookup.found(host, daemon.credentials().orElseThrow(),
                    "the daemon's own " + daemon.source() + ", since " + clientConfig + " has none for " + host), true);
        }
        return new Answer(CredentialLookup.none(host, clientConfig + ", then the daemon's " + daemon.source()), false);
    }

    private Answer daemonOnly(String host, String why) {
        CredentialLookup daemon = daemonCredentials.lookup(host);
        String source = "the daemon's own " + daemon.source() + " (" + why + ")";
        return new Answer(daemon.credentials()
                .map(c -> CredentialLookup.found(host, c, source))
                .orElseGet(() -> CredentialLookup.none(host, source)), daemon.found());
    }

    private Caller caller() {
        Caller caller = sessions.caller();
        if (watched.add(caller.id())) {
            caller.closed().whenComplete((reason, error) -> {
                answers.clear();
                onSessionClosed.run();
            });
        }
        return caller;
    }
}
