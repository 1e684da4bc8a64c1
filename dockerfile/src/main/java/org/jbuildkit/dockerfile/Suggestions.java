package org.jbuildkit.dockerfile;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The "did you mean" of upstream's {@code util/suggest}: the option closest to a mistyped value within a
 * Levenshtein distance of two. Options are tried in sorted order so that, unlike upstream's map iteration, a tie
 * always picks the same one. Used by the parser (instruction names), the flag parsers and the converter (stage,
 * argument and variable names).
 */
public final class Suggestions {
    private static final int MAX_DISTANCE_EXCLUSIVE = 3;

    private Suggestions() {
    }

    /** The option closest to {@code value}, or empty when none is close or {@code value} is itself an option. */
    public static Optional<String> closest(String value, Collection<String> options) {
        return search(value, options, false);
    }

    /** As {@link #closest}, comparing without case; the option is returned as it is spelled in {@code options}. */
    public static Optional<String> closestIgnoringCase(String value, Collection<String> options) {
        return search(value, options, true);
    }

    /** {@code message} with upstream's {@code " (did you mean X?)"} appended when an option is close. */
    public static String withSuggestion(String message, String value, Collection<String> options) {
        return closest(value, options).map(m -> message + " (did you mean " + m + "?)").orElse(message);
    }

    private static Optional<String> search(String value, Collection<String> options, boolean ignoreCase) {
        String val = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
        String match = null;
        int best = MAX_DISTANCE_EXCLUSIVE;
        for (String option : new TreeSet<>(options)) {
            String opt = ignoreCase ? option.toLowerCase(Locale.ROOT) : option;
            if (opt.equals(val)) {
                return Optional.empty();
            }
            int distance = distance(val, opt);
            if (distance < best) {
                match = option;
                best = distance;
            }
        }
        return Optional.ofNullable(match);
    }

    /** Levenshtein distance over code points, insertions, deletions and substitutions each costing 1. */
    public static int distance(String a, String b) {
        int[] a32 = a.codePoints().toArray();
        int[] b32 = b.codePoints().toArray();
        int[] previous = new int[b32.length + 1];
        int[] current = new int[b32.length + 1];
        for (int j = 0; j <= b32.length; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a32.length; i++) {
            current[0] = i;
            for (int j = 1; j <= b32.length; j++) {
                int substitution = previous[j - 1] + (a32[i - 1] == b32[j - 1] ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b32.length];
    }
}
