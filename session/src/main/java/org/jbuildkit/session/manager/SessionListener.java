package org.jbuildkit.session.manager;

/** Told when a session ends, so that builds using it can be cancelled. */
@FunctionalInterface
public interface SessionListener {

    /** @param reason one line, e.g. {@code session closed by client} or {@code session healthcheck failed fatally: …} */
    void sessionClosed(String sessionId, String reason);
}
