package org.jbuildkit.daemon.frontend;

import java.util.Map;

/** What a frontend is asked: the client's session (serving its {@code --local} directories) and its {@code --opt}s. */
record FrontendRequest(String sessionId, Map<String, String> attrs) {
    FrontendRequest {
        sessionId = sessionId == null ? "" : sessionId;
        attrs = Map.copyOf(attrs);
    }
}
