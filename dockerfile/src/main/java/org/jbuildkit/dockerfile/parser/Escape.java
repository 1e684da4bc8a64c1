package org.jbuildkit.dockerfile.parser;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The escape character of a Dockerfile ({@code \} unless {@code # escape=`}) and the line continuation it
 * implies: the escape as the last non-blank character of a line, not preceded by another escape (as upstream, an
 * escaped escape before the continuation, {@code foo \\\}, is not recognised).
 */
record Escape(char token, Pattern continuation) {

    static final Escape BACKSLASH = of('\\');

    static Escape of(char token) {
        String q = Pattern.quote(String.valueOf(token));
        String cls = token == '\\' ? "\\\\" : String.valueOf(token);
        return new Escape(token, Pattern.compile("([^" + cls + "])" + q + "[ \\t]*\\z|\\A" + q + "[ \\t]*\\z"));
    }

    /** The line without its continuation escape, or {@code null} when the line does not continue. */
    String stripContinuation(String line) {
        Matcher m = continuation.matcher(line);
        if (!m.find()) {
            return null;
        }
        String kept = m.group(1) == null ? "" : m.group(1);
        return line.substring(0, m.start()) + kept;
    }
}
