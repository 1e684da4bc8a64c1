package org.jbuildkit.session.patternmatcher;

import java.util.ArrayList;
import java.util.List;
import org.jbuildkit.api.GoPath;

/**
 * An ordered list of {@link PathPattern}s deciding whether a path is selected, with upstream's
 * rules (moby/patternmatcher): later patterns win, so an exception ({@code !}) re-includes what an
 * earlier pattern matched and a later pattern can exclude it again; a path is also matched when one
 * of its parent directories matches. Paths are relative, {@code /}-separated and clean.
 */
public final class PatternMatcher {
    private final List<PathPattern> patterns;
    private final boolean exclusions;

    private PatternMatcher(List<PathPattern> patterns) {
        this.patterns = List.copyOf(patterns);
        this.exclusions = patterns.stream().anyMatch(PathPattern::exclusion);
    }

    /** The matcher of {@code patterns}; blank ones are skipped, malformed ones rejected with the reason. */
    public static PatternMatcher of(List<String> patterns) {
        List<PathPattern> parsed = new ArrayList<>();
        for (String raw : patterns) {
            PathPattern pattern = PathPattern.parse(raw);
            if (pattern != null) {
                parsed.add(pattern);
            }
        }
        return new PatternMatcher(parsed);
    }

    /** The patterns in order, blanks removed. */
    public List<PathPattern> patterns() {
        return patterns;
    }

    /** Whether any pattern is an exception. */
    public boolean exclusions() {
        return exclusions;
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** Whether {@code path} or one of its parent directories is selected, computed from the path alone. */
    public boolean matchesOrParentMatches(String path) {
        return matchesUsingParentResults(path, MatchInfo.NONE).matched();
    }

    /** A path's result, and what its children need to know about it. */
    public record Result(boolean matched, MatchInfo info) {
    }

    /**
     * Whether {@code path} is selected, given its parent directory's {@link Result#info()} (or
     * {@link MatchInfo#NONE} for a top-level path or when unknown): a pattern the parent matched
     * counts as matched for the child without being evaluated again.
     */
    public Result matchesUsingParentResults(String path, MatchInfo parent) {
        if (parent.known() && parent.size() != patterns.size()) {
            throw new IllegalArgumentException("the parent's match info is for " + parent.size()
                    + " patterns, this matcher has " + patterns.size());
        }
        boolean matched = false;
        boolean[] info = new boolean[patterns.size()];
        for (int i = 0; i < patterns.size(); i++) {
            PathPattern pattern = patterns.get(i);
            boolean match = parent.known() && parent.matched(i);
            if (!match) {
                // An inclusion cannot change a path already matched, nor an exception one not matched yet.
                if (pattern.exclusion() != matched) {
                    continue;
                }
                match = pattern.matches(path) || (!parent.known() && anyParentMatches(pattern, path));
            }
            info[i] = match;
            if (match) {
                matched = !pattern.exclusion();
            }
        }
        return new Result(matched, new MatchInfo(info));
    }

    private static boolean anyParentMatches(PathPattern pattern, String path) {
        String parent = GoPath.dir(path);
        if (parent.equals(".")) {
            return false;
        }
        int end = -1;
        while (true) {
            end = parent.indexOf('/', end + 1);
            String prefix = end < 0 ? parent : parent.substring(0, end);
            if (pattern.matches(prefix)) {
                return true;
            }
            if (end < 0) {
                return false;
            }
        }
    }
}
