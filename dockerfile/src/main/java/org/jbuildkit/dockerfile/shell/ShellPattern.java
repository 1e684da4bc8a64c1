package org.jbuildkit.dockerfile.shell;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell pattern of {@code ${V#p}}, {@code ${V%s}} and {@code ${V/p/r}} as upstream reads it: {@code *} is any
 * string (shortest or longest), {@code ?} one character, a backslash escapes {@code *}, {@code ?} or a backslash, and
 * a backslash before {@code }} or {@code /} is dropped. Every other character is literal, including {@code [} and
 * {@code ]} (upstream has no bracket expressions). Matching follows Go's regexp: {@code .} is any character but a
 * newline, and replacing all matches skips an empty match right after a match.
 */
final class ShellPattern {
    private static final String REGEX_SPECIALS = "[]{}.+()|^$";

    private final Pattern regex;

    private ShellPattern(Pattern regex) {
        this.regex = regex;
    }

    /**
     * @param greedy {@code *} matches the longest string ({@code ##}, {@code %%}, {@code /}) rather than the shortest
     * @param anchored match only at the start of the value
     */
    static ShellPattern compile(String pattern, boolean greedy, boolean anchored) throws InvalidPatternException {
        StringBuilder out = new StringBuilder(pattern.length() + 4);
        if (anchored) {
            out.append('^');
        }
        String star = greedy ? ".*" : ".*?";
        CodePointScanner scanner = new CodePointScanner(pattern);
        for (int ch = scanner.next(); ch != CodePointScanner.EOF; ch = scanner.next()) {
            switch (ch) {
                case '*' -> out.append(star);
                case '?' -> out.append('.');
                case '\\' -> {
                    if (scanner.peek() == '}' || scanner.peek() == '/') {
                        continue;
                    }
                    int escaped = scanner.next();
                    if (escaped != '*' && escaped != '?' && escaped != '\\') {
                        throw new InvalidPatternException("invalid escape '\\" + GoUnicode.string(escaped) + "'");
                    }
                    out.append('\\').appendCodePoint(escaped);
                }
                default -> {
                    if (ch < 0x80 && REGEX_SPECIALS.indexOf(ch) >= 0) {
                        out.append('\\');
                    }
                    out.appendCodePoint(ch);
                }
            }
        }
        return new ShellPattern(Pattern.compile(out.toString(), Pattern.UNIX_LINES));
    }

    /** The regular expression this pattern became (Go's syntax and Java's agree on every construct used). */
    String regex() {
        return regex.pattern();
    }

    /** {@code ${V#p}}/{@code ${V##p}}: the value without its first match at the start. */
    static String trimPrefix(String pattern, String value, boolean greedy) throws InvalidPatternException {
        Matcher m = compile(pattern, greedy, true).regex.matcher(value);
        return m.find() ? value.substring(m.end()) : value;
    }

    /**
     * {@code ${V%s}}/{@code ${V%%s}}: a regular expression cannot find the shortest rightmost match, so pattern and
     * value are reversed and the prefix trimmed instead, as upstream.
     */
    static String trimSuffix(String pattern, String value, boolean greedy) throws InvalidPatternException {
        return reverse(trimPrefix(reversePattern(pattern), reverse(value), greedy));
    }

    /** {@code ${V/p/r}}: the first match replaced by {@code replacement} as it is. */
    String replaceFirst(String value, String replacement) {
        Matcher m = regex.matcher(value);
        return m.find() ? value.substring(0, m.start()) + replacement + value.substring(m.end()) : value;
    }

    /**
     * {@code ${V//p/r}}: every match replaced, as Go's {@code ReplaceAllString}: no replacement for an empty match
     * right after a match, and {@code $0}/{@code ${0}} in the replacement is the match, {@code $$} a dollar, any other
     * {@code $name} nothing.
     */
    String replaceAll(String value, String replacement) {
        StringBuilder out = new StringBuilder();
        Matcher m = regex.matcher(value);
        int lastMatchEnd = 0;
        int searchPos = 0;
        while (searchPos <= value.length() && m.find(searchPos)) {
            out.append(value, lastMatchEnd, m.start());
            if (m.end() > lastMatchEnd || m.start() == 0) {
                expand(out, replacement, value.substring(m.start(), m.end()));
            }
            lastMatchEnd = m.end();
            int width = searchPos < value.length() ? Character.charCount(value.codePointAt(searchPos)) : 1;
            searchPos = Math.max(searchPos + width, m.end());
        }
        out.append(value, lastMatchEnd, value.length());
        return out.toString();
    }

    /** Go's {@code Regexp.Expand} for a regexp without groups: only group 0, the match, exists. */
    private static void expand(StringBuilder out, String template, String match) {
        int i = 0;
        while (i < template.length()) {
            int dollar = template.indexOf('$', i);
            if (dollar < 0) {
                break;
            }
            out.append(template, i, dollar);
            i = dollar + 1;
            if (i < template.length() && template.charAt(i) == '$') {
                out.append('$');
                i++;
                continue;
            }
            boolean brace = i < template.length() && template.charAt(i) == '{';
            int start = brace ? i + 1 : i;
            int end = start;
            while (end < template.length()) {
                int ch = template.codePointAt(end);
                if (!GoUnicode.isLetter(ch) && !GoUnicode.isDigit(ch) && ch != '_') {
                    break;
                }
                end += Character.charCount(ch);
            }
            if (end == start || (brace && (end >= template.length() || template.charAt(end) != '}'))) {
                out.append('$');
                continue;
            }
            if (template.substring(start, end).equals("0")) {
                out.append(match);
            }
            i = brace ? end + 1 : end;
        }
        out.append(template, Math.min(i, template.length()), template.length());
    }

    /** Reverses a pattern but keeps each escape before the character it escapes: {@code a\*c} becomes {@code c\*a}. */
    static String reversePattern(String pattern) {
        int[] in = pattern.codePoints().toArray();
        int[] out = new int[in.length];
        int last = in.length - 1;
        for (int i = 0; i <= last; ) {
            int outIndex = last - i;
            if (in[i] == '\\' && i != last) {
                out[outIndex - 1] = in[i];
                out[outIndex] = in[i + 1];
                i += 2;
            } else {
                out[outIndex] = in[i];
                i++;
            }
        }
        return new String(out, 0, out.length);
    }

    static String reverse(String s) {
        int[] cps = s.codePoints().toArray();
        StringBuilder out = new StringBuilder(s.length());
        for (int i = cps.length - 1; i >= 0; i--) {
            out.appendCodePoint(cps[i]);
        }
        return out.toString();
    }

    /** A pattern upstream's conversion refuses; the message is upstream's. */
    static final class InvalidPatternException extends Exception {
        InvalidPatternException(String message) {
            super(message);
        }
    }
}
