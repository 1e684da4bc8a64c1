package org.jbuildkit.client.output;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligns tab-separated cells into columns exactly as Go's text/tabwriter does with the settings
 * upstream buildctl uses (minwidth 1, tabwidth 8, padding 1, tab as pad character), so our tables
 * have the same shape, tab for tab, as upstream's.
 *
 * <p>A cell terminated by a tab belongs to a column; the text after the last tab of a line does
 * not. A column's width is decided per block of consecutive lines that have a cell in it.
 */
public final class TabWriter {
    private final int minWidth;
    private final int tabWidth;
    private final int padding;
    private final StringBuilder text = new StringBuilder();

    public TabWriter(int minWidth, int tabWidth, int padding) {
        this.minWidth = minWidth;
        this.tabWidth = tabWidth;
        this.padding = padding;
    }

    /** The settings of upstream's {@code tabwriter.NewWriter(os.Stdout, 1, 8, 1, '\t', 0)}. */
    public static TabWriter upstream() {
        return new TabWriter(1, 8, 1);
    }

    public TabWriter print(String s) {
        text.append(s);
        return this;
    }

    public TabWriter println(String s) {
        text.append(s).append('\n');
        return this;
    }

    /** Renders everything written so far. */
    public String render() {
        List<List<String>> lines = new ArrayList<>();
        String all = text.toString();
        boolean endsWithNewline = all.endsWith("\n");
        String[] raw = all.split("\n", -1);
        int count = endsWithNewline ? raw.length - 1 : raw.length;
        for (int i = 0; i < count; i++) {
            lines.add(List.of(raw[i].split("\t", -1)));
        }
        StringBuilder out = new StringBuilder();
        format(out, lines, new ArrayList<>(), 0, lines.size());
        if (!endsWithNewline && out.length() > 0) {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }

    private void format(StringBuilder out, List<List<String>> lines, List<Integer> widths, int line0, int line1) {
        int column = widths.size();
        for (int current = line0; current < line1; current++) {
            if (column >= lines.get(current).size() - 1) {
                continue;
            }
            writeLines(out, lines, widths, line0, current);
            line0 = current;
            int width = minWidth;
            for (; current < line1; current++) {
                List<String> line = lines.get(current);
                if (column >= line.size() - 1) {
                    break;
                }
                width = Math.max(width, cellWidth(line.get(column)) + padding);
            }
            widths.add(width);
            format(out, lines, widths, line0, current);
            widths.remove(widths.size() - 1);
            line0 = current;
            current--;
        }
        writeLines(out, lines, widths, line0, line1);
    }

    private void writeLines(StringBuilder out, List<List<String>> lines, List<Integer> widths, int from, int to) {
        for (int i = from; i < to; i++) {
            List<String> line = lines.get(i);
            for (int j = 0; j < line.size(); j++) {
                String cell = line.get(j);
                out.append(cell);
                if (j < widths.size()) {
                    pad(out, cellWidth(cell), widths.get(j));
                }
            }
            out.append('\n');
        }
    }

    private void pad(StringBuilder out, int textWidth, int cellWidth) {
        int rounded = (cellWidth + tabWidth - 1) / tabWidth * tabWidth;
        int tabs = (rounded - textWidth + tabWidth - 1) / tabWidth;
        out.append("\t".repeat(Math.max(0, tabs)));
    }

    private static int cellWidth(String cell) {
        return cell.codePointCount(0, cell.length());
    }
}
