package org.jbuildkit.dockerfile.parser;

import java.util.ArrayList;
import java.util.List;

/** The few text helpers of Go's standard library whose exact rules the parser follows. */
final class GoText {

    private GoText() {
    }

    /** Go's {@code unicode.IsSpace}. */
    static boolean isSpace(int ch) {
        return switch (ch) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0 -> true;
            default -> ch > 0xFF && Character.isSpaceChar(ch);
        };
    }

    /** Upstream's {@code reWhitespace}: {@code [\t\v\f\r ]}. */
    static boolean isBlank(int ch) {
        return ch == '\t' || ch == 0x0B || ch == '\f' || ch == '\r' || ch == ' ';
    }

    static String trimLeft(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.codePointAt(i))) {
            i += Character.charCount(s.codePointAt(i));
        }
        return s.substring(i);
    }

    static String trimRight(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(0, end);
    }

    /** Go's {@code strings.TrimSpace}. */
    static String trim(String s) {
        return trimLeft(trimRight(s));
    }

    /** Strips every trailing {@code \r} and {@code \n}. */
    static String trimNewline(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\r' || s.charAt(end - 1) == '\n')) {
            end--;
        }
        return s.substring(0, end);
    }

    /** {@code reWhitespace.Split(s, limit)}: split on runs of {@code [\t\v\f\r ]}, at most {@code limit} parts. */
    static List<String> splitBlank(String s, int limit) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < s.length()) {
            if (limit > 0 && parts.size() == limit - 1) {
                break;
            }
            if (isBlank(s.charAt(i))) {
                int end = i;
                while (i < s.length() && isBlank(s.charAt(i))) {
                    i++;
                }
                parts.add(s.substring(start, end));
                start = i;
            } else {
                i++;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }
}
