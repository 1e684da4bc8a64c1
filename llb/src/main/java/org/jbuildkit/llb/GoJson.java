package org.jbuildkit.llb;

import java.util.List;

/** String encoding as Go's {@code encoding/json} and {@code strconv.Quote} do it, so our output matches upstream's bytes. */
public final class GoJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoJson() {
    }

    /** {@code json.Marshal(string)}: HTML-safe escaping of {@code < > &}, U+2028 and U+2029 escaped. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        quoteInto(sb, s);
        return sb.toString();
    }

    static void quoteInto(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        sb.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** {@code json.Marshal([]string)}, used for local source attributes such as {@code local.followpaths}. */
    static String stringArray(List<String> values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            quoteInto(sb, values.get(i));
        }
        return sb.append(']').toString();
    }

    /**
     * Go's {@code %q}: backslash escapes for quotes, backslashes and non-printable characters (public:
     * the daemon quotes IDs in texts upstream formats with {@code %q}, such as cache mount descriptions).
     */
    public static String goQuote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x07 -> sb.append("\\a");
                case 0x08 -> sb.append("\\b");
                case 0x0c -> sb.append("\\f");
                case 0x0b -> sb.append("\\v");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) {
                        sb.append("\\x").append(HEX[(cp >> 4) & 0xF]).append(HEX[cp & 0xF]);
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        });
        return sb.append('"').toString();
    }

    /** Go sorts map keys by their UTF-8 bytes. */
    static int compareUtf8(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
