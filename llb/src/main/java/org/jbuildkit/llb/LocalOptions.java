package org.jbuildkit.llb;

import java.util.List;
import java.util.Objects;

/** Options of a local (client directory) source: which files to send, cache sharing hint and differ. */
public record LocalOptions(List<String> includePatterns, List<String> excludePatterns, List<String> followPaths,
        String sharedKeyHint, String sessionId, Differ differ, boolean differRequired, OpConstraints constraints) {

    /** How the daemon compares a transferred directory with what it has: by metadata (default) or not at all. */
    public enum Differ {
        METADATA("metadata"), NONE("none");

        private final String attr;

        Differ(String attr) {
            this.attr = attr;
        }

        String attr() {
            return attr;
        }
    }

    public LocalOptions {
        includePatterns = List.copyOf(includePatterns);
        excludePatterns = List.copyOf(excludePatterns);
        followPaths = List.copyOf(followPaths);
        Objects.requireNonNull(constraints, "constraints");
    }

    public static LocalOptions defaults() {
        return new LocalOptions(List.of(), List.of(), List.of(), null, null, null, false, OpConstraints.none());
    }

    public LocalOptions withIncludePatterns(List<String> p) {
        return new LocalOptions(p, excludePatterns, followPaths, sharedKeyHint, sessionId, differ, differRequired,
                constraints);
    }

    public LocalOptions withExcludePatterns(List<String> p) {
        return new LocalOptions(includePatterns, p, followPaths, sharedKeyHint, sessionId, differ, differRequired,
                constraints);
    }

    public LocalOptions withFollowPaths(List<String> p) {
        return new LocalOptions(includePatterns, excludePatterns, p, sharedKeyHint, sessionId, differ,
                differRequired, constraints);
    }

    public LocalOptions withSharedKeyHint(String hint) {
        return new LocalOptions(includePatterns, excludePatterns, followPaths, hint, sessionId, differ,
                differRequired, constraints);
    }

    /** Pins the session serving the directory; without it the daemon asks the build's own session. */
    public LocalOptions withSessionId(String id) {
        return new LocalOptions(includePatterns, excludePatterns, followPaths, sharedKeyHint, id, differ,
                differRequired, constraints);
    }

    public LocalOptions withDiffer(Differ d, boolean required) {
        return new LocalOptions(includePatterns, excludePatterns, followPaths, sharedKeyHint, sessionId, d, required,
                constraints);
    }

    public LocalOptions withConstraints(OpConstraints c) {
        return new LocalOptions(includePatterns, excludePatterns, followPaths, sharedKeyHint, sessionId, differ,
                differRequired, c);
    }

    public LocalOptions withCustomName(String name) {
        return withConstraints(constraints.withCustomName(name));
    }
}
