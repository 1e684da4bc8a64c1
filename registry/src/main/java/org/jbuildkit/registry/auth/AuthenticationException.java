package org.jbuildkit.registry.auth;

import java.util.List;
import java.util.OptionalInt;

/**
 * A registry or its token server refused us (or could not be asked). The message names the host,
 * the scope, which credentials were tried and from where, what the peer answered, and the fix;
 * it never holds a secret.
 */
public final class AuthenticationException extends RuntimeException {

    private final String host;
    private final List<Scope> scopes;
    private final int status;
    private final String fix;

    AuthenticationException(String what, String fix, String host, List<Scope> scopes, int status, Throwable cause) {
        super(what + "\nfix: " + fix, cause);
        this.fix = fix;
        this.host = host;
        this.scopes = List.copyOf(scopes);
        this.status = status;
    }

    /** The one-line fix, also the message's last line. */
    public String fix() {
        return fix;
    }

    public String host() {
        return host;
    }

    public List<Scope> scopes() {
        return scopes;
    }

    /** The HTTP status the registry or token server answered, if it answered at all. */
    public OptionalInt status() {
        return status > 0 ? OptionalInt.of(status) : OptionalInt.empty();
    }
}
