package org.jbuildkit.daemon.solver;

/**
 * Per-build switches: {@code --no-cache} ignores every cached result (new results are still recorded);
 * {@code sessions} are the client sessions the build's steps call back into; {@code imports} the cache the build
 * imports ({@code --import-cache}).
 */
public record SolveOptions(boolean noCache, SessionGroup sessions, CacheSource imports) {
    public SolveOptions {
        sessions = sessions == null ? SessionGroup.NONE : sessions;
        imports = imports == null ? CacheSource.NONE : imports;
    }

    public SolveOptions(boolean noCache, SessionGroup sessions) {
        this(noCache, sessions, CacheSource.NONE);
    }

    public SolveOptions(boolean noCache) {
        this(noCache, SessionGroup.NONE);
    }

    /** Whether misses wait until something reads them (the build imports cache), instead of running at once. */
    boolean lazy() {
        return !imports.isEmpty();
    }

    public static SolveOptions defaults() {
        return new SolveOptions(false);
    }
}
