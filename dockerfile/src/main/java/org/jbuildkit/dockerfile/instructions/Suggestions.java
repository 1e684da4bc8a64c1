package org.jbuildkit.dockerfile.instructions;

import java.util.Collection;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The "did you mean" of upstream's {@code util/suggest}: the closest option within a Levenshtein distance of two.
 * Options are tried in sorted order so that, unlike upstream's map iteration, a tie always picks the same one.
 */
final class Suggestions {
    private static final int MAX_DISTANCE_EXCLUSIVE = 3;

    private Suggestions() {
    }

    /** The option closest to {@code value}, or empty when none is close or {@code value} is itself an option. */
    static Optional<String> closest(String value, Collection<String> options) {
        String match = null;
        int best = MAX_DISTANCE_EXCLUSIVE;
        for (String option : new TreeSet<>(options)) {
            if (option.equals(value)) {
                return Optional.empty();
            }
            int distance = distance(value, option);
            if (distance < best) {
                match = option;
                best = distance;
            }
        }
        return Optional.ofNullable(match);
    }

    /** {@code message} with upstream's {@code " (did you mean X?)"} appended when an option is close. */
    static String withSuggestion(String message, String value, Collection<String> options) {
        return closest(value, options).map(m -> message + " (did you mean " + m + "?)").orElse(message);
    }

    static int distance(String a, String b) {
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
