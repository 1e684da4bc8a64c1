package org.jbuildkit.session.manager;

/** No session with the requested id was (or became) active; the message starts as upstream's. */
public final class NoActiveSessionException extends RuntimeException {

    private final String sessionId;

    /** @param cause one line: why no session is there, e.g. the reason it ended */
    public NoActiveSessionException(String sessionId, String cause) {
        super("no active session for " + sessionId + ": " + cause);
        this.sessionId = sessionId;
    }

    public String sessionId() {
        return sessionId;
    }

    /** One line on what to do about it. */
    public String fix() {
        return "keep the client running until the build ends; if it was, check that it reaches the daemon and is not stalled";
    }
}
