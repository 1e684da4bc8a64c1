package org.jbuildkit.session.patternmatcher;

import java.util.regex.Pattern;
import org.jbuildkit.api.GoPath;

/**
 * One cleaned {@code .dockerignore}-style pattern (upstream's {@code patternmatcher.Pattern}): {@code *}
 * and {@code ?} within one path element, {@code [...]} classes, {@code **} across any number of
 * elements, {@code \} escapes; {@code !} makes it an exception. Matched the way upstream compiles it:
 * as an exact path, a prefix ({@code dir/**}), a suffix ({@code **}{@code /name}) or a regular expression.
 *
 * <p>Two deliberate differences from upstream, both for patterns upstream mishandles: an escaped letter
 * or digit is that character (upstream hands {@code \d} to Go's regexp, where it means any digit),
 * and a character class holds exactly what filepath.Match would read in it.
 */
public final class PathPattern {
    private static final String ESCAPED = ".+()|{}$";

    private enum MatchType { EXACT, PREFIX, SUFFIX, REGEXP }

    private final String cleaned;
    private final boolean exclusion;
    private final int elements;
    private final MatchType type;
    private final Pattern regexp;

    private PathPattern(String cleaned, boolean exclusion) {
        this.cleaned = cleaned;
        this.exclusion = exclusion;
        this.elements = cleaned.split("/", -1).length;
        Compiler compiler = new Compiler(cleaned);
        compiler.run();
        this.type = compiler.type;
        this.regexp = compiler.type == MatchType.REGEXP
                ? Pattern.compile(compiler.regex.toString(), Pattern.UNIX_LINES)
                : null;
    }

    /**
     * Parses one pattern as upstream's matcher does (trimmed, cleaned like filepath.Clean, a leading
     * {@code !} marks an exception) and, as its ignore-file reader also does, drops a leading {@code /}.
     * Returns null for a blank pattern, which matches nothing and is skipped.
     */
    static PathPattern parse(String raw) {
        String p = raw.strip();
        if (p.isEmpty()) {
            return null;
        }
        p = GoPath.clean(p);
        boolean exclusion = false;
        if (p.charAt(0) == '!') {
            if (p.length() == 1) {
                throw new InvalidPatternException("illegal exclusion pattern: \"!\"; an exception needs a path after"
                        + " the !, e.g. !keep.txt");
            }
            exclusion = true;
            p = GoPath.clean(p.substring(1));
        }
        if (p.length() > 1 && p.charAt(0) == '/') {
            p = p.substring(1);
        }
        Syntax.check(p, raw);
        return new PathPattern(p, exclusion);
    }

    /** A glob for the names within one directory, as filepath.Match reads one: not cleaned, no {@code !}. */
    public static PathPattern glob(String pattern) {
        Syntax.check(pattern, pattern);
        return new PathPattern(pattern, false);
    }

    /** The pattern after cleaning, without its {@code !}. */
    @Override
    public String toString() {
        return cleaned;
    }

    public boolean exclusion() {
        return exclusion;
    }

    /** How many path elements the pattern has ({@code a/b/*} has 3). */
    int elements() {
        return elements;
    }

    /** The pattern without a trailing {@code /**} or {@code /*}: the directory a prefix-like pattern is about. */
    public String withoutTrailingGlob() {
        String p = cleaned;
        if (p.endsWith("/**")) {
            p = p.substring(0, p.length() - 3);
        }
        if (p.endsWith("/*")) {
            p = p.substring(0, p.length() - 2);
        }
        return p;
    }

    /** Whether {@code path} (relative, {@code /}-separated, clean) itself matches. */
    public boolean matches(String path) {
        return switch (type) {
            case EXACT -> path.equals(cleaned);
            case PREFIX -> path.startsWith(cleaned.substring(0, cleaned.length() - 2));
            case SUFFIX -> {
                String suffix = cleaned.substring(2);
                yield path.endsWith(suffix) || (suffix.startsWith("/") && path.equals(suffix.substring(1)));
            }
            case REGEXP -> regexp.matcher(path).matches();
        };
    }

    /** Translates the pattern into upstream's match type and, for REGEXP, a Java regex with the same meaning. */
    private static final class Compiler {
        private final String p;
        private final StringBuilder regex = new StringBuilder();
        private MatchType type = MatchType.EXACT;
        private int pos;

        Compiler(String p) {
            this.p = p;
        }

        void run() {
            for (int token = 0; pos < p.length(); token++) {
                int ch = p.codePointAt(pos);
                pos += Character.charCount(ch);
                if (ch == '*' && peek() == '*') {
                    pos++;
                    if (peek() == '/') {
                        pos++;
                    }
                    if (pos >= p.length()) {
                        if (type == MatchType.EXACT) {
                            type = MatchType.PREFIX;
                        } else {
                            regex.append(".*");
                            type = MatchType.REGEXP;
                        }
                    } else {
                        regex.append("(.*/)?");
                        type = MatchType.REGEXP;
                    }
                    if (token == 0) {
                        type = MatchType.SUFFIX;
                    }
                } else if (ch == '*') {
                    regex.append("[^/]*");
                    type = MatchType.REGEXP;
                } else if (ch == '?') {
                    regex.append("[^/]");
                    type = MatchType.REGEXP;
                } else if (ch == '\\') {
                    int next = p.codePointAt(pos);
                    pos += Character.charCount(next);
                    literal(next);
                    type = MatchType.REGEXP;
                } else if (ch == '[') {
                    characterClass();
                    type = MatchType.REGEXP;
                } else if (ch == ']') {
                    regex.append("\\]");
                    type = MatchType.REGEXP;
                } else if (ch < 128 && ESCAPED.indexOf(ch) >= 0) {
                    regex.append('\\').appendCodePoint(ch);
                } else {
                    regex.appendCodePoint(ch);
                }
            }
        }

        private int peek() {
            return pos < p.length() ? p.charAt(pos) : -1;
        }

        /** A class already checked by {@link Syntax}: {@code [^lo-hi...]}, ranges and single characters. */
        private void characterClass() {
            regex.append('[');
            if (peek() == '^') {
                regex.append('^');
                pos++;
            }
            int ranges = 0;
            while (!(peek() == ']' && ranges > 0)) {
                literal(classChar());
                if (peek() == '-') {
                    pos++;
                    regex.append('-');
                    literal(classChar());
                }
                ranges++;
            }
            pos++;
            regex.append(']');
        }

        private int classChar() {
            if (p.charAt(pos) == '\\') {
                pos++;
            }
            int ch = p.codePointAt(pos);
            pos += Character.charCount(ch);
            return ch;
        }

        private void literal(int ch) {
            if (!Character.isLetterOrDigit(ch)) {
                regex.append('\\');
            }
            regex.appendCodePoint(ch);
        }
    }
}
