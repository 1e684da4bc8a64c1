package org.jbuildkit.session.sshforward;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An ssh agent the client forwards: its unix socket, and whether builds get its bytes unfiltered
 * ({@code raw}) or only the read-only requests (list identities, sign), as upstream's default.
 */
public record AgentSocket(Path socket, boolean raw) {
    public AgentSocket {
        Objects.requireNonNull(socket, "socket");
    }
}
