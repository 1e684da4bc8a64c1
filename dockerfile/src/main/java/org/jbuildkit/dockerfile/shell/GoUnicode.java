package org.jbuildkit.dockerfile.shell;

/** Go's {@code unicode.IsSpace}, {@code IsLetter} and {@code IsDigit}, which upstream's lexer uses. */
final class GoUnicode {
    private GoUnicode() {
    }

    /** The Unicode White_Space property, as Go's {@code unicode.IsSpace}. */
    static boolean isSpace(int ch) {
        if (ch < 0x100) {
            return ch == ' ' || (ch >= '\t' && ch <= '\r') || ch == 0x85 || ch == 0xA0;
        }
        int type = Character.getType(ch);
        return type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    static boolean isLetter(int ch) {
        return ch >= 0 && Character.isLetter(ch);
    }

    static boolean isDigit(int ch) {
        return ch >= 0 && Character.isDigit(ch);
    }

    /** Go's {@code string(rune)}: the character itself, U+FFFD for EOF. */
    static String string(int ch) {
        return ch < 0 ? "\uFFFD" : new String(Character.toChars(ch));
    }

    /** Go's {@code %q} of a string ({@code strconv.Quote}): double quotes, Go escapes for the unprintable. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(ch -> {
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0B -> out.append("\\v");
                default -> {
                    if (isPrint(ch)) {
                        out.appendCodePoint(ch);
                    } else if (ch < 0x80) {
                        out.append(String.format("\\x%02x", ch));
                    } else if (ch < 0x10000) {
                        out.append(String.format("\\u%04x", ch));
                    } else {
                        out.append(String.format("\\U%08x", ch));
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    /** Go's {@code strconv.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean isPrint(int ch) {
        if (ch == ' ') {
            return true;
        }
        return switch (Character.getType(ch)) {
            case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.SURROGATE,
                    Character.PRIVATE_USE, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
