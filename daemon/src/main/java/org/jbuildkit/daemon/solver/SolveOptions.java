package org.jbuildkit.daemon.solver;

/** Per-build switches: {@code --no-cache} ignores every cached result (new results are still recorded). */
public record SolveOptions(boolean noCache) {
    public static SolveOptions defaults() {
        return new SolveOptions(false);
    }
}
