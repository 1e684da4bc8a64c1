package org.jbuildkit.client.ssh;

import java.util.List;

/**
 * One {@code --ssh} value (upstream's {@code sshprovider.AgentConfig}): the id mounts ask for, and
 * an agent socket or private key files; no paths means {@code $SSH_AUTH_SOCK}. {@code raw} asks for
 * the socket's bytes unfiltered; otherwise builds may only list identities and sign.
 */
public record AgentConfig(String id, List<String> paths, boolean raw) {
    public AgentConfig {
        paths = List.copyOf(paths);
    }
}
