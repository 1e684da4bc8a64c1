package org.jbuildkit.client.progress;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last lines of a running step's output as a terminal would show them, for the tty view: a
 * carriage return goes back to the start of the line (progress bars redraw in place), tabs expand,
 * and escape sequences and other control characters are dropped so they cannot move our cursor.
 */
final class LogTail {
    private final int keep;
    private final Deque<StringBuilder> lines = new ArrayDeque<>();
    private StringBuilder line = new StringBuilder();
    private int column;
    private EscapeState escape = EscapeState.NONE;
    private long bytes;
    private int timesShown;

    private enum EscapeState { NONE, ESC, CSI, OSC }

    LogTail(int keep) {
        this.keep = keep;
    }

    void write(String text) {
        bytes += text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (escape != EscapeState.NONE) {
                skipEscape(c);
                continue;
            }
            switch (c) {
                case '\n' -> newLine();
                case '\r' -> column = 0;
                case '\t' -> {
                    do {
                        put(' ');
                    } while (column % 8 != 0);
                }
                case 0x1b -> escape = EscapeState.ESC;
                default -> {
                    if (c >= 0x20 && c != 0x7f) {
                        put(c);
                    }
                }
            }
        }
    }

    private void skipEscape(char c) {
        if (escape == EscapeState.CSI && c == 'K') {
            // Erase in line: progress bars use it to clear what they drew before.
            line.setLength(Math.min(column, line.length()));
        }
        escape = switch (escape) {
            case ESC -> c == '[' ? EscapeState.CSI : c == ']' ? EscapeState.OSC : EscapeState.NONE;
            case CSI -> c >= 0x40 && c <= 0x7e ? EscapeState.NONE : EscapeState.CSI;
            case OSC -> c == 0x07 || c == '\\' ? EscapeState.NONE : EscapeState.OSC;
            case NONE -> EscapeState.NONE;
        };
    }

    private void put(char c) {
        if (column < line.length()) {
            line.setCharAt(column, c);
        } else {
            line.append(c);
        }
        column++;
    }

    private void newLine() {
        lines.addLast(line);
        while (lines.size() > keep) {
            lines.removeFirst();
        }
        line = new StringBuilder();
        column = 0;
    }

    /** The last lines (the unfinished one included), blank ones left out, cut to {@code width}. */
    List<String> lastLines(int width) {
        List<String> out = new ArrayList<>();
        List<StringBuilder> all = new ArrayList<>(lines);
        if (line.length() > 0) {
            all.add(line);
        }
        for (StringBuilder l : all.subList(Math.max(0, all.size() - keep), all.size())) {
            String s = l.toString();
            if (!s.isBlank()) {
                out.add(s.length() > width ? s.substring(0, Math.max(0, width)) : s);
            }
        }
        return out;
    }

    /** How much the step wrote, and how often its tail was shown: busier steps get the screen first. */
    long weight() {
        return bytes + timesShown * 50L;
    }

    boolean hasOutput() {
        return bytes > 0;
    }

    void shown() {
        timesShown++;
    }
}
