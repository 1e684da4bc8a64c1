package org.jbuildkit.session.patternmatcher;

import java.util.Arrays;

/**
 * Which patterns a directory matched, handed to the matching of its children so that everything
 * under a matched directory matches too (upstream's {@code patternmatcher.MatchInfo}).
 * {@link #NONE} means nothing is known about the parent: the matcher then checks each parent path itself.
 */
public final class MatchInfo {
    /** No information about the parent (a top-level entry, or a path matched on its own). */
    public static final MatchInfo NONE = new MatchInfo(new boolean[0]);

    private final boolean[] parentMatched;

    MatchInfo(boolean[] parentMatched) {
        this.parentMatched = parentMatched;
    }

    boolean known() {
        return parentMatched.length != 0;
    }

    int size() {
        return parentMatched.length;
    }

    boolean matched(int pattern) {
        return parentMatched[pattern];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MatchInfo other && Arrays.equals(parentMatched, other.parentMatched);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(parentMatched);
    }

    @Override
    public String toString() {
        return "MatchInfo" + Arrays.toString(parentMatched);
    }
}
