package org.jbuildkit.registry.diagnostics;

/**
 * Which process made the failing request. The daemon dials registries with {@code buildkitd.toml}; the client
 * fetches tokens for the session's auth and knows nothing of that file (PROTOCOLS.md §9 rule 6).
 */
public enum Side {
    DAEMON,
    CLIENT;

    String label() {
        return this == DAEMON ? "daemon" : "client";
    }
}
