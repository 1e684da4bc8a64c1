package org.jbuildkit.registry.auth;

/**
 * Who turns a {@code Bearer} challenge into a token: this process asking the token server itself
 * ({@link TokenFetcher}), or, in the daemon, the build's client doing it over its session. Tokens
 * are cached per {@link #principal}, so one client's token never serves another's request.
 */
public interface TokenSource {

    /**
     * Gets a token for {@code request}.
     *
     * @param credentials what the credential source found for the host, or {@code null}; a source
     *     that holds its own credentials (the client) may ignore them
     */
    BearerToken fetch(TokenRequest request, Credentials credentials) throws TokenFetchException;

    /**
     * For whom a token fetched with these arguments is issued: part of the token cache's key, never
     * shown. Two requests with the same principal may share a token; different ones never do.
     */
    String principal(TokenRequest request, Credentials credentials);
}
