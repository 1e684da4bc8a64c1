package org.jbuildkit.daemon.solver;

import java.util.Optional;

/**
 * Which file made two content checksums of an input differ. The seam for content-based keys: until
 * checksums keep per-file detail the reason names the input, not the file.
 */
@FunctionalInterface
public interface ContentDiff {

    /** The first path whose content or mode differs between the two checksums, when known. */
    Optional<String> firstChangedPath(String before, String now);

    ContentDiff UNKNOWN = (before, now) -> Optional.empty();
}
