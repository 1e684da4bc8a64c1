package org.jbuildkit.dockerfile.parser;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The closest known name to a mistyped one, as upstream's {@code suggest.Search} (case-insensitive): the option
 * with the smallest Levenshtein distance below 3, in the case the user wrote ({@code RUNN} → {@code RUN},
 * {@code runn} → {@code run}).
 */
final class Suggestion {

    private Suggestion() {
    }

    static Optional<String> closest(String value, List<String> options) {
        String val = value.toLowerCase(Locale.ROOT);
        String match = null;
        int min = 3;
        for (String option : options) {
            String opt = option.toLowerCase(Locale.ROOT);
            if (opt.equals(val)) {
                return Optional.empty();
            }
            int d = distance(val, opt);
            if (d < min) {
                match = opt;
                min = d;
            }
        }
        if (match == null) {
            return Optional.empty();
        }
        if (value.equals(value.toLowerCase(Locale.ROOT))) {
            return Optional.of(match);
        }
        if (value.equals(value.toUpperCase(Locale.ROOT))) {
            return Optional.of(match.toUpperCase(Locale.ROOT));
        }
        return Optional.of(match);
    }

    /** Levenshtein distance, insertions, deletions and substitutions each costing 1. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
