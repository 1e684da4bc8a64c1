package org.jbuildkit.client.failure;

import java.io.PrintWriter;
import java.util.List;
import org.jbuildkit.api.errdefs.Source;
import org.jbuildkit.api.pb.Range;

/**
 * The lines of a source file an error points at, as upstream's buildctl prints an
 * {@code errdefs.Source}: {@code Dockerfile:3}, a rule, the lines around the range numbered with
 * {@code >>>} on the failing ones, a rule.
 */
public final class SourceExcerpt {
    private static final String RULE = "--------------------";

    private SourceExcerpt() {
    }

    public static void print(Source source, PrintWriter out) {
        if (!source.hasInfo() || source.getRangesCount() == 0) {
            return;
        }
        String[] lines = source.getInfo().getData().toStringUtf8().split("\n", -1);
        int start = Integer.MAX_VALUE;
        int end = 0;
        for (Range r : source.getRangesList()) {
            start = Math.min(start, r.getStart().getLine());
            end = Math.max(end, Math.max(r.getEnd().getLine(), r.getStart().getLine()));
        }
        if (start > lines.length || start < 1) {
            return;
        }
        end = Math.min(end, lines.length);
        int firstFailing = start;
        // Context around the range: two lines in all, four around a single line.
        int pad = end == start ? 4 : 2;
        for (int p = 0; p < pad; p++) {
            if (start > 1) {
                start--;
                p++;
            }
            if (end != lines.length) {
                end++;
                p++;
            }
        }
        out.printf("%s:%d%n%s%n", source.getInfo().getFilename(), firstFailing, RULE);
        for (int i = start; i <= end; i++) {
            out.printf(" %3d | %s %s%n", i, contains(source.getRangesList(), i) ? ">>>" : "   ", lines[i - 1]);
        }
        out.println(RULE);
    }

    private static boolean contains(List<Range> ranges, int line) {
        for (Range r : ranges) {
            int last = Math.max(r.getEnd().getLine(), r.getStart().getLine());
            if (r.getStart().getLine() <= line && last >= line) {
                return true;
            }
        }
        return false;
    }
}
