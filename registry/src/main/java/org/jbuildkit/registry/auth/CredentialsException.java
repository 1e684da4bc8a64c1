package org.jbuildkit.registry.auth;

/**
 * A credential source that cannot answer: a malformed {@code config.json}, a missing or failing
 * credential helper. The message names the file or helper and the fix; it never holds a secret.
 */
public final class CredentialsException extends RuntimeException {

    public CredentialsException(String message) {
        super(message);
    }

    public CredentialsException(String message, Throwable cause) {
        super(message, cause);
    }
}
