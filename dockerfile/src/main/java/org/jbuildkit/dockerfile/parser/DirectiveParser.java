package org.jbuildkit.dockerfile.parser;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the parser directives ({@code # escape=}, {@code # syntax=}, {@code # check=}) as upstream's
 * {@code DirectiveParser}: they count only while every line so far was one; the first other line (an instruction,
 * a comment, a blank line, an unknown {@code # key=value}) ends them. Names are case-insensitive, each may appear
 * once.
 */
final class DirectiveParser {
    private static final Pattern DIRECTIVE = Pattern.compile("\\A([a-zA-Z][a-zA-Z0-9]*)[ \\t\\n\\f\\r]*=[ \\t\\n\\f\\r]*(.+?)[ \\t\\n\\f\\r]*\\z", Pattern.DOTALL);
    private static final Set<String> KNOWN = Set.of("escape", "syntax", "check");

    private final Set<String> seen = new HashSet<>();
    private boolean done;
    private Escape escape = Escape.BACKSLASH;
    private String syntax = "";
    private String check = "";

    /** A directive read from a line. */
    record Found(String name, String value) {
    }

    /**
     * Looks at one line (newline and, for a first line of an instruction, leading blanks already trimmed).
     *
     * @return the directive it is, or {@code null}
     * @throws LineException for a repeated directive or a bad escape, pointing at a column of {@code line}
     */
    Found parseLine(String line) throws LineException {
        if (done) {
            return null;
        }
        if (!line.startsWith("#")) {
            done = true;
            return null;
        }
        String rest = GoText.trimLeft(line.substring(1));
        int restStart = line.length() - rest.length();
        Matcher m = DIRECTIVE.matcher(rest);
        if (!m.find()) {
            done = true;
            return null;
        }
        String name = m.group(1).toLowerCase(Locale.ROOT);
        if (!KNOWN.contains(name)) {
            done = true;
            return null;
        }
        int valueColumn = restStart + m.start(2);
        if (!seen.add(name)) {
            throw new LineException("only one " + name + " parser directive can be used",
                    "remove the second # " + name + "= line", 0);
        }
        String value = m.group(2);
        switch (name) {
            case "escape" -> {
                if (!value.equals("`") && !value.equals("\\")) {
                    throw new LineException("invalid escape token '" + value + "' does not match ` or \\",
                            "use # escape=\\ or # escape=`", valueColumn);
                }
                escape = Escape.of(value.charAt(0));
            }
            case "syntax" -> syntax = value;
            default -> check = value;
        }
        return new Found(name, value);
    }

    Escape escape() {
        return escape;
    }

    Directives directives() {
        return new Directives(escape.token(), syntax, check);
    }
}
