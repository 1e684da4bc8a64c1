package org.jbuildkit.daemon.solver;

/**
 * Per-build switches: {@code --no-cache} ignores every cached result (new results are still recorded);
 * {@code sessions} are the client sessions the build's steps call back into.
 */
public record SolveOptions(boolean noCache, SessionGroup sessions) {
    public SolveOptions {
        sessions = sessions == null ? SessionGroup.NONE : sessions;
    }

    public SolveOptions(boolean noCache) {
        this(noCache, SessionGroup.NONE);
    }

    public static SolveOptions defaults() {
        return new SolveOptions(false);
    }
}
