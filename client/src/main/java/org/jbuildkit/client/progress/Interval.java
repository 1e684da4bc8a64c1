package org.jbuildkit.client.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * When a vertex (or status) ran: {@code stop} is null while it runs. A vertex re-run by another
 * build can have several; overlapping ones count once, as upstream's {@code mergeIntervals}.
 */
record Interval(Instant start, Instant stop) {

    Duration duration(Instant now) {
        return Duration.between(start, stop == null ? now : stop);
    }

    /** Sorted by start, overlaps merged; an open interval swallows everything after it. */
    static List<Interval> merge(List<Interval> intervals) {
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.removeIf(i -> i.start == null);
        sorted.sort(Comparator.comparing(Interval::start));
        List<Interval> merged = new ArrayList<>();
        if (sorted.isEmpty()) {
            return merged;
        }
        Interval current = sorted.get(0);
        for (Interval next : sorted.subList(1, sorted.size())) {
            if (current.stop == null) {
                break;
            }
            if (current.stop.isBefore(next.start)) {
                merged.add(current);
                current = next;
            } else if (next.stop == null) {
                current = new Interval(current.start, null);
                break;
            } else if (next.stop.isAfter(current.stop)) {
                current = new Interval(current.start, next.stop);
            }
        }
        merged.add(current);
        return merged;
    }

    /** The summed time of merged intervals, as a DONE line or a timer shows it. */
    static Duration total(List<Interval> merged, Instant now) {
        Duration sum = Duration.ZERO;
        for (Interval i : merged) {
            sum = sum.plus(i.duration(now));
        }
        return sum;
    }
}
