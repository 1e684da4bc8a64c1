package org.jbuildkit.registry.auth;

import java.net.URI;

/** A token server that refused or could not be asked; the message names the realm URL, never a secret. */
public final class TokenFetchException extends Exception {

    private final URI realm;
    private final int status;

    /**
     * @param message what was asked of whom and what it answered; never a secret
     * @param status the HTTP status the token server answered, or 0 when it did not answer
     */
    public TokenFetchException(String message, URI realm, int status, Throwable cause) {
        super(message, cause);
        this.realm = realm;
        this.status = status;
    }

    public URI realm() {
        return realm;
    }

    /** The HTTP status, or 0 when the server did not answer. */
    public int status() {
        return status;
    }
}
